// SPDX-License-Identifier: Apache-2.0
#include "source/commit_reader.hpp"

#include <cstring>
#include <memory>
#include <string_view>

#include "source/git_handles.hpp"

namespace nhi::detail {
namespace {

bool oid_from(std::string_view hex, git_oid& out) {
  return hex.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&out, hex.data(), GIT_OID_HEXSZ) == 0;
}

// "Name <email> 1700000000 +0000": whatever of it is there.
void parse_signature(std::string_view s, std::string& name, std::string& email, std::int64_t& when) {
  const std::size_t lt = s.find('<');
  const std::size_t gt = lt == std::string_view::npos ? std::string_view::npos : s.find('>', lt);
  std::string_view rest;
  if (lt != std::string_view::npos && gt != std::string_view::npos) {
    name = std::string(s.substr(0, lt));
    email = std::string(s.substr(lt + 1, gt - lt - 1));
    rest = s.substr(gt + 1);
  } else {
    // No e-mail: the name runs to the timestamp (the last two words).
    std::size_t end = s.size();
    for (int words = 0; words < 2 && end > 0; ++words) {
      while (end > 0 && s[end - 1] == ' ') --end;
      while (end > 0 && s[end - 1] != ' ') --end;
    }
    name = std::string(s.substr(0, end));
    rest = s.substr(end);
  }
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::int64_t t = 0;
  std::size_t i = 0;
  for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
    if (t > (INT64_MAX - 9) / 10) { t = 0; break; }  // an overflowing date reads as unknown
    t = t * 10 + (rest[i] - '0');
  }
  when = t;
}

// The header of a raw commit object (the part after git's "commit N\0"):
// tree, parents, author and committer, whatever of them can be read. False
// without a tree line.
bool parse_commit_lenient(const char* data, std::size_t size, commit_fields& out) {
  std::string_view text(data, size);
  bool have_tree = false;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty()) break;  // end of the header
    if (line.rfind("tree ", 0) == 0) {
      have_tree = oid_from(line.substr(5), out.tree) || have_tree;
    } else if (line.rfind("parent ", 0) == 0) {
      git_oid p;
      if (oid_from(line.substr(7), p)) out.parents.push_back(p);
    } else if (line.rfind("author ", 0) == 0) {
      parse_signature(line.substr(7), out.author_name, out.author_email, out.author_time);
    } else if (line.rfind("committer ", 0) == 0) {
      std::string name, email;
      parse_signature(line.substr(10), name, email, out.time);
    }
  }
  if (out.time == 0) out.time = out.author_time;
  return have_tree;
}

// "<header><oid hex>\n" at the start of `text`, consumed; false otherwise.
bool take_oid_line(std::string_view& text, std::string_view header, git_oid& out) {
  const std::size_t size = header.size() + GIT_OID_HEXSZ + 1;
  if (text.size() < size || text.compare(0, header.size(), header) != 0 || text[size - 1] != '\n' ||
      git_oid_fromstrn(&out, text.data() + header.size(), GIT_OID_HEXSZ) != 0)
    return false;
  text.remove_prefix(size);
  return true;
}

// "<header>Name <email> 1700000000 +0000\n" at the start of `text`, consumed,
// with exactly one '<' and one '>' and the date as git writes it: libgit2
// (which takes the last '<' and '>') and parse_signature (the first) read the
// same time from it. `when` is that time; false for anything else.
bool take_plain_signature(std::string_view& text, std::string_view header, std::int64_t& when) {
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos || text.compare(0, header.size(), header) != 0) return false;
  const std::string_view s = text.substr(header.size(), nl - header.size());
  const std::size_t lt = s.find('<'), gt = s.find('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt ||
      s.find('<', lt + 1) != std::string_view::npos || s.find('>', gt + 1) != std::string_view::npos)
    return false;
  // " <1-18 digits> <+|-><4 digits>" after the e-mail, and nothing else
  // (a 19th digit fails the check for the space).
  std::string_view date = s.substr(gt + 1);
  if (date.size() < 9 || date[0] != ' ') return false;
  date.remove_prefix(1);
  std::int64_t t = 0;
  std::size_t i = 0;
  for (; i < date.size() && i < 18 && date[i] >= '0' && date[i] <= '9'; ++i) t = t * 10 + (date[i] - '0');
  if (i == 0 || date.size() != i + 6 || date[i] != ' ' || (date[i + 1] != '+' && date[i + 1] != '-'))
    return false;
  for (std::size_t k = i + 2; k < date.size(); ++k)
    if (date[k] < '0' || date[k] > '9') return false;
  when = t;
  text.remove_prefix(nl + 1);
  return true;
}

// Tree, parents and committer time of a raw commit in git's own layout;
// false (nothing decided) for any other.
bool parse_plain_commit(std::string_view text, commit_links& out) {
  if (!take_oid_line(text, "tree ", out.tree)) return false;
  git_oid p;
  while (take_oid_line(text, "parent ", p)) out.parents.push_back(p);
  std::int64_t author_time = 0;
  // A committer time of 0 would be replaced by the author's when libgit2
  // refuses the commit (parse_commit_lenient): left to read_commit.
  return take_plain_signature(text, "author ", author_time) && take_plain_signature(text, "committer ", out.time) &&
         out.time != 0;
}

}  // namespace

bool parse_commit_links(std::string_view raw, commit_links& out) {
  out.parents.clear();
  out.time = 0;
  return parse_plain_commit(raw, out);
}

bool read_commit_links(git_repository* repo, pack_object_reader& packs, const git_oid& id, std::string& buf,
                       commit_links& out, std::string& error) {
  out.parents.clear();
  out.time = 0;
  if (packs.read(id.id, object_kind::commit, buf) == pack_object_reader::result::read &&
      parse_plain_commit(buf, out))
    return true;
  commit_fields c;
  if (!read_commit(repo, id, c, error)) return false;
  out.tree = c.tree;
  out.parents = std::move(c.parents);
  out.time = c.time;
  return true;
}

bool read_commit(git_repository* repo, const git_oid& id, commit_fields& out, std::string& error) {
  out = commit_fields{};
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &id) == 0) {
    out.tree = *git_commit_tree_id(c);
    for (unsigned k = 0, n = git_commit_parentcount(c); k < n; ++k)
      if (const git_oid* p = git_commit_parent_id(c, k)) out.parents.push_back(*p);
    out.time = git_commit_time(c);
    if (const git_signature* a = git_commit_author(c)) {
      out.author_name = a->name ? a->name : "";
      out.author_email = a->email ? a->email : "";
      out.author_time = a->when.time;
    }
    git_commit_free(c);
    return true;
  }
  const git_error* e = git_error_last();
  error = e && e->message ? e->message : "unknown error";
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return false;
  odb_ptr odb(raw_odb);
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb.get(), &id) != 0) return false;  // missing or unreadable: libgit2's error stands
  object_ptr obj(raw);
  if (git_odb_object_type(raw) != GIT_OBJECT_COMMIT) {
    error = "not a commit";
    return false;
  }
  if (!parse_commit_lenient(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw), out)) {
    error += "; no tree line";
    return false;
  }
  out.lenient = true;
  return true;
}

bool peel_to_commit(git_repository* repo, const git_oid& id, git_oid& out, pack_object_reader* packs) {
  // "object <id>" is a tag's first line.
  auto tag_target = [](std::string_view text, git_oid& at) {
    return text.rfind("object ", 0) == 0 && oid_from(text.substr(7), at);
  };
  odb_ptr odb;  // opened when an object is not in the packs
  std::string text;
  git_oid at = id;
  for (int depth = 0; depth < 32; ++depth) {  // a tag of a tag of ... ends somewhere
    object_kind kind{};
    if (packs && packs->kind_of(at.id, kind) == pack_object_reader::result::read &&
        (kind != object_kind::tag || packs->read(at.id, kind, text) == pack_object_reader::result::read)) {
      if (kind == object_kind::commit) {
        out = at;
        return true;
      }
      if (kind != object_kind::tag || !tag_target(text, at)) return false;
      continue;
    }
    if (!odb) {
      git_odb* raw_odb = nullptr;
      if (git_repository_odb(&raw_odb, repo) != 0) return false;
      odb.reset(raw_odb);
    }
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb.get(), &at) != 0) return false;
    object_ptr obj(raw);
    const git_object_t type = git_odb_object_type(raw);
    if (type == GIT_OBJECT_COMMIT) {
      out = at;
      return true;
    }
    if (type != GIT_OBJECT_TAG ||
        !tag_target(std::string_view(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw)), at))
      return false;
  }
  return false;
}

}  // namespace nhi::detail
