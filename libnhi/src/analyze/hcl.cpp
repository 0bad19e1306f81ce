// SPDX-License-Identifier: Apache-2.0
#include "analyze/hcl.hpp"

#include <cctype>
#include <cstdlib>

#include "analyze/common.hpp"
#include "util/quote_name.hpp"

namespace nhi::detail {

const hcl_value* hcl_value::member(std::string_view key) const {
  if (kind != type::object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &items[i];
  return nullptr;
}

const hcl_attribute* hcl_body::attribute(std::string_view name) const {
  for (const hcl_attribute& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

namespace {

enum class tok { ident, number, string, punct, newline, eof };

struct token {
  tok kind = tok::eof;
  std::string text;        // identifier, number, punctuation, or the decoded string
  bool templated = false;  // strings only
  std::uint64_t line = 0;
  std::size_t begin = 0, end = 0;  // source bytes
};

void append_utf8(std::string& out, unsigned long cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class lexer {
 public:
  explicit lexer(std::string_view src) : s_(src) {}

  std::vector<token> run() {
    std::vector<token> out;
    for (;;) {
      token t = next();
      const bool done = t.kind == tok::eof;
      out.push_back(std::move(t));
      if (done) return out;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what, std::uint64_t line) const { throw parse_failure(what, line); }

  bool at(std::size_t i, char c) const { return i < s_.size() && s_[i] == c; }

  token make(tok kind, std::size_t begin, std::string text, std::uint64_t line) const {
    token t;
    t.kind = kind;
    t.text = std::move(text);
    t.line = line;
    t.begin = begin;
    t.end = i_;
    return t;
  }

  token next() {
    for (;;) {
      while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
      if (i_ >= s_.size()) return make(tok::eof, i_, {}, line_);
      const char c = s_[i_];
      if (c == '#' || (c == '/' && at(i_ + 1, '/'))) {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (c == '/' && at(i_ + 1, '*')) {
        const std::uint64_t start = line_;
        const std::size_t close = s_.find("*/", i_ + 2);
        if (close == std::string_view::npos) fail("unterminated /* comment", start);
        for (std::size_t k = i_; k < close; ++k) line_ += s_[k] == '\n';
        i_ = close + 2;
        continue;
      }
      break;
    }
    const std::size_t begin = i_;
    const std::uint64_t line = line_;
    const char c = s_[i_];
    if (c == '\n') {
      ++i_;
      ++line_;
      return make(tok::newline, begin, "\n", line);
    }
    if (c == '"') {
      bool templated = false;
      std::string value = quoted_string(templated, 0);
      token t = make(tok::string, begin, std::move(value), line);
      t.templated = templated;
      return t;
    }
    if (heredoc_starts()) {
      bool templated = false;
      std::string value = heredoc(templated);
      token t = make(tok::string, begin, std::move(value), line);
      t.templated = templated;
      return t;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '-')) ++i_;
      return make(tok::ident, begin, std::string(s_.substr(begin, i_ - begin)), line);
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) {
        // 1e+5: the sign belongs to the exponent.
        if ((s_[i_] == 'e' || s_[i_] == 'E') && (at(i_ + 1, '+') || at(i_ + 1, '-'))) ++i_;
        ++i_;
      }
      return make(tok::number, begin, std::string(s_.substr(begin, i_ - begin)), line);
    }
    for (const char* op : {"...", "==", "!=", "<=", ">=", "&&", "||", "=>"}) {
      if (s_.substr(i_, std::char_traits<char>::length(op)) == op) {
        i_ += std::char_traits<char>::length(op);
        return make(tok::punct, begin, op, line);
      }
    }
    if (std::string_view("{}[]()=,.:?!+-*/%<>;").find(c) != std::string_view::npos) {
      ++i_;
      return make(tok::punct, begin, std::string(1, c), line);
    }
    static const char* const kHex = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(c);
    fail(std::isprint(byte) ? std::string("unexpected character '") + c + "'"
                            : std::string("unexpected byte 0x") + kHex[byte >> 4] + kHex[byte & 15],
         line);
  }

  // "<<ID" or "<<-ID"; a bare "<<" is not HCL.
  bool heredoc_starts() const {
    if (!at(i_, '<') || !at(i_ + 1, '<')) return false;
    const std::size_t id = at(i_ + 2, '-') ? i_ + 3 : i_ + 2;
    return id < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[id])) || s_[id] == '_');
  }

  // At '"': returns the decoded string; template sequences are kept verbatim.
  std::string quoted_string(bool& templated, int depth) {
    const std::uint64_t start = line_;
    if (depth > kMaxNesting) fail("templates nested too deeply", start);
    ++i_;
    std::string value;
    for (;;) {
      if (i_ >= s_.size() || s_[i_] == '\n') fail("unterminated string", start);
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return value;
      }
      if (c == '\\') {
        escape(value, start);
        continue;
      }
      if ((c == '$' || c == '%') && at(i_ + 1, c) && at(i_ + 2, '{')) {  // $${ is a literal ${
        value += c;
        value += '{';
        i_ += 3;
        continue;
      }
      if ((c == '$' || c == '%') && at(i_ + 1, '{')) {
        templated = true;
        const std::size_t begin = i_;
        i_ += 1;
        skip_template(depth + 1);
        value.append(s_.substr(begin, i_ - begin));
        continue;
      }
      value += c;
      ++i_;
    }
  }

  void escape(std::string& value, std::uint64_t start) {
    if (i_ + 1 >= s_.size()) fail("unterminated string", start);
    const char e = s_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'n': value += '\n'; return;
      case 't': value += '\t'; return;
      case 'r': value += '\r'; return;
      case '"': value += '"'; return;
      case '\\': value += '\\'; return;
      case 'u':
      case 'U': {
        const std::size_t digits = e == 'u' ? 4 : 8;
        if (i_ + digits > s_.size()) fail("truncated unicode escape", line_);
        const std::string hex(s_.substr(i_, digits));
        char* endp = nullptr;
        const unsigned long cp = std::strtoul(hex.c_str(), &endp, 16);
        if (endp != hex.c_str() + digits) fail("invalid unicode escape", line_);
        append_utf8(value, cp);
        i_ += digits;
        return;
      }
      default:
        value += '\\';
        value += e;
    }
  }

  // At the '{' of "${" or "%{": skips to just past the matching '}', through
  // nested braces and strings.
  void skip_template(int depth) {
    const std::uint64_t start = line_;
    int braces = 0;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        bool ignored = false;
        quoted_string(ignored, depth);
        continue;
      }
      if (c == '\n') ++line_;
      ++i_;
      if (c == '{') ++braces;
      else if (c == '}' && --braces == 0) return;
    }
    fail("unterminated template interpolation", start);
  }

  // At "<<": a heredoc up to the line holding only its delimiter; "<<-"
  // strips the indentation common to all lines.
  std::string heredoc(bool& templated) {
    const std::uint64_t start = line_;
    i_ += 2;
    const bool indented = at(i_, '-');
    if (indented) ++i_;
    const std::size_t id_begin = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    const std::string delimiter(s_.substr(id_begin, i_ - id_begin));
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
    if (i_ >= s_.size() || s_[i_] != '\n') fail("heredoc <<" + delimiter + " must end its line", start);
    ++i_;
    ++line_;
    std::vector<std::string_view> lines;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated heredoc <<" + delimiter, start);
      std::size_t eol = s_.find('\n', i_);
      if (eol == std::string_view::npos) eol = s_.size();
      std::string_view line = s_.substr(i_, eol - i_);
      i_ = eol < s_.size() ? eol + 1 : eol;
      if (trim(line) == delimiter) {
        i_ = eol;  // the newline after the delimiter ends the attribute: leave it to the parser
        break;
      }
      ++line_;
      lines.push_back(line);
    }
    std::size_t common = std::string::npos;
    if (indented)
      for (std::string_view l : lines) {
        if (trim(l).empty()) continue;
        common = std::min(common, l.find_first_not_of(" \t"));
      }
    std::string value;
    for (std::string_view l : lines) {
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (indented && common != std::string::npos) l.remove_prefix(std::min(common, l.size()));
      value.append(l);
      value += '\n';
    }
    templated = value.find("${") != std::string::npos || value.find("%{") != std::string::npos;
    return value;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::uint64_t line_ = 1;
};

class parser {
 public:
  parser(std::string_view src, std::vector<token> tokens) : src_(src), t_(std::move(tokens)) {}

  hcl_body file() { return body(nullptr, 0); }

 private:
  [[noreturn]] void fail(const std::string& what, std::uint64_t line) const { throw parse_failure(what, line); }

  const token& peek() const { return t_[p_]; }
  const token& take() { return t_[p_ < t_.size() - 1 ? p_++ : p_]; }
  bool is(tok kind, std::string_view text = {}) const {
    return peek().kind == kind && (text.empty() || peek().text == text);
  }
  bool is_punct(std::string_view text) const { return is(tok::punct, text); }
  void skip_newlines() {
    while (is(tok::newline)) ++p_;
  }
  std::string describe(const token& t) const {
    switch (t.kind) {
      case tok::eof: return "end of file";
      case tok::newline: return "end of line";
      case tok::string: return "a string";
      case tok::punct: return "'" + t.text + "'";
      default: return quote_name(t.text);  // a misplaced secret lexes as a word
    }
  }
  std::string source_between(std::size_t first_token, std::size_t end_token) const {
    if (end_token <= first_token) return {};
    const std::size_t begin = t_[first_token].begin, end = t_[end_token - 1].end;
    return std::string(src_.substr(begin, end - begin));
  }

  hcl_body body(const token* opener, int depth) {
    if (depth > kMaxNesting) fail("blocks nested deeper than " + std::to_string(kMaxNesting) + " levels", peek().line);
    hcl_body out;
    for (;;) {
      skip_newlines();
      if (is(tok::eof)) {
        if (opener) fail("block opened here is never closed", opener->line);
        return out;
      }
      if (is_punct("}")) {
        if (!opener) fail("unexpected '}'", peek().line);
        return out;
      }
      if (!is(tok::ident)) fail("expected an attribute or block name, found " + describe(peek()), peek().line);
      const token name = take();
      if (is_punct("=")) {
        take();
        hcl_attribute a{name.text, expression(depth), name.line};
        if (!is(tok::newline) && !is(tok::eof) && !is_punct("}"))
          fail("expected end of line after attribute " + quote_name(name.text) + ", found " + describe(peek()), peek().line);
        out.attributes.push_back(std::move(a));
        continue;
      }
      hcl_block b;
      b.type = name.text;
      b.line = name.line;
      while (is(tok::string) || is(tok::ident)) b.labels.push_back(take().text);
      if (!is_punct("{")) fail("expected '=' or '{' after " + quote_name(name.text) + ", found " + describe(peek()), peek().line);
      const token open = take();
      b.body = body(&open, depth + 1);
      take();  // '}'
      if (!is(tok::newline) && !is(tok::eof) && !is_punct("}"))
        fail("expected end of line after block " + quote_name(name.text) + ", found " + describe(peek()), peek().line);
      out.blocks.push_back(std::move(b));
    }
  }

  static bool is_operator(const token& t) {
    if (t.kind != tok::punct) return false;
    for (const char* op : {"==", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "?", ":"})
      if (t.text == op) return true;
    return false;
  }

  hcl_value expression(int depth) {
    if (depth > kMaxNesting) fail("expression nested deeper than " + std::to_string(kMaxNesting) + " levels", peek().line);
    const std::size_t first = p_;
    hcl_value v = postfix(depth);
    if (!is_operator(peek())) return v;
    // Operators and conditionals are not evaluated: keep their source.
    skip_rest_of_expression();
    hcl_value e;
    e.kind = hcl_value::type::expression;
    e.text = source_between(first, p_);
    e.line = v.line;
    return e;
  }

  void skip_rest_of_expression() {
    int nest = 0;
    for (;;) {
      const token& t = peek();
      if (t.kind == tok::eof) return;
      if (nest == 0 && (t.kind == tok::newline || (t.kind == tok::punct && (t.text == "," || t.text == ")" ||
                                                                          t.text == "]" || t.text == "}"))))
        return;
      if (t.kind == tok::punct && (t.text == "(" || t.text == "[" || t.text == "{")) ++nest;
      if (t.kind == tok::punct && (t.text == ")" || t.text == "]" || t.text == "}")) --nest;
      take();
    }
  }

  // At an opening bracket: skips to just past its partner.
  void skip_balanced(std::uint64_t line) {
    int nest = 0;
    for (;;) {
      const token& t = take();
      if (t.kind == tok::eof) fail("unclosed bracket", line);
      if (t.kind != tok::punct) continue;
      if (t.text == "(" || t.text == "[" || t.text == "{") ++nest;
      if ((t.text == ")" || t.text == "]" || t.text == "}") && --nest == 0) return;
    }
  }

  hcl_value postfix(int depth) {
    const std::size_t first = p_;
    hcl_value v = primary(depth);
    for (;;) {
      if (is_punct(".")) {
        take();
        if (!is(tok::ident) && !is(tok::number) && !is_punct("*"))
          fail("expected an attribute name after '.', found " + describe(peek()), peek().line);
        take();
      } else if (is_punct("[")) {
        const std::uint64_t line = peek().line;
        take();
        skip_newlines();
        if (is_punct("*")) take();
        else expression(depth + 1);
        skip_newlines();
        if (!is_punct("]")) fail("expected ']' after index", line);
        take();
      } else {
        return v;
      }
      if (v.kind != hcl_value::type::reference) v.kind = hcl_value::type::expression;
      v.text = source_between(first, p_);
      v.items.clear();
      v.keys.clear();
    }
  }

  hcl_value primary(int depth) {
    const token& t = peek();
    hcl_value v;
    v.line = t.line;
    const std::size_t first = p_;
    if (t.kind == tok::string) {
      v.kind = hcl_value::type::string;
      v.text = t.text;
      v.templated = t.templated;
      take();
      return v;
    }
    if (t.kind == tok::number) {
      v.kind = hcl_value::type::number;
      v.text = take().text;
      return v;
    }
    if (t.kind == tok::ident) {
      const std::string name = take().text;
      if (name == "true" || name == "false") {
        v.kind = hcl_value::type::boolean;
        v.text = name;
        return v;
      }
      if (name == "null") return v;
      if (is_punct("(")) {
        v.kind = hcl_value::type::call;
        v.text = name;
        take();
        for (;;) {
          skip_newlines();
          if (is_punct(")")) break;
          v.items.push_back(expression(depth + 1));
          skip_newlines();
          if (is_punct("...")) take(), skip_newlines();
          if (is_punct(",")) take();
          else if (!is_punct(")")) fail("expected ',' or ')' in call to " + name + ", found " + describe(peek()), peek().line);
        }
        take();
        return v;
      }
      v.kind = hcl_value::type::reference;
      v.text = name;
      return v;
    }
    if (t.kind == tok::punct && t.text == "[") return tuple(depth, first);
    if (t.kind == tok::punct && t.text == "{") return object(depth, first);
    if (t.kind == tok::punct && t.text == "(") {
      take();
      skip_newlines();
      hcl_value inner = expression(depth + 1);
      skip_newlines();
      if (!is_punct(")")) fail("expected ')', found " + describe(peek()), peek().line);
      take();
      return inner;
    }
    if (t.kind == tok::punct && (t.text == "-" || t.text == "!")) {
      take();
      postfix(depth + 1);
      v.kind = hcl_value::type::expression;
      v.text = source_between(first, p_);
      return v;
    }
    fail("expected a value, found " + describe(t), t.line);
  }

  bool starts_for_expression() const { return is(tok::ident, "for"); }

  // Opens a '[' or '{' collection at `first`. A for-expression inside it
  // ("[for x in y : x]") is kept as expression text, not evaluated: true then.
  bool open_collection(hcl_value& v, hcl_value::type kind, std::size_t first) {
    v.kind = kind;
    v.line = peek().line;
    take();
    skip_newlines();
    if (!starts_for_expression()) return false;
    p_ = first;
    skip_balanced(v.line);
    v.kind = hcl_value::type::expression;
    v.text = source_between(first, p_);
    return true;
  }

  hcl_value tuple(int depth, std::size_t first) {
    hcl_value v;
    if (open_collection(v, hcl_value::type::tuple, first)) return v;
    const std::uint64_t line = v.line;
    for (;;) {
      skip_newlines();
      if (is_punct("]")) break;
      if (is(tok::eof)) fail("unclosed '['", line);
      v.items.push_back(expression(depth + 1));
      skip_newlines();
      if (is_punct(",")) take();
      else if (!is_punct("]")) fail("expected ',' or ']', found " + describe(peek()), peek().line);
    }
    take();
    return v;
  }

  hcl_value object(int depth, std::size_t first) {
    hcl_value v;
    if (open_collection(v, hcl_value::type::object, first)) return v;
    const std::uint64_t line = v.line;
    for (;;) {
      while (is(tok::newline) || is_punct(",")) take();
      if (is_punct("}")) break;
      if (is(tok::eof)) fail("unclosed '{'", line);
      std::string key;
      if (is(tok::ident) || is(tok::string) || is(tok::number)) {
        key = take().text;
      } else if (is_punct("(")) {
        const std::size_t k = p_;
        take();
        expression(depth + 1);
        if (!is_punct(")")) fail("expected ')' after object key", peek().line);
        take();
        key = source_between(k, p_);
      } else {
        fail("expected an object key, found " + describe(peek()), peek().line);
      }
      if (!is_punct("=") && !is_punct(":")) fail("expected '=' or ':' after key '" + key + "', found " + describe(peek()), peek().line);
      take();
      skip_newlines();
      v.keys.push_back(key);
      v.items.push_back(expression(depth + 1));
      if (!is(tok::newline) && !is_punct(",") && !is_punct("}"))
        fail("expected ',', end of line or '}' after '" + key + "', found " + describe(peek()), peek().line);
    }
    take();
    return v;
  }

  std::string_view src_;
  std::vector<token> t_;
  std::size_t p_ = 0;
};

json number_to_json(const std::string& text) {
  char* end = nullptr;
  if (text.find_first_of(".eE") == std::string::npos) {
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (end && *end == '\0') return n;
  } else {
    const double d = std::strtod(text.c_str(), &end);
    if (end && *end == '\0') return d;
  }
  return text;
}

json to_json(const hcl_value& v, int depth) {
  if (depth > kMaxNesting) return nullptr;
  switch (v.kind) {
    case hcl_value::type::null: return nullptr;
    case hcl_value::type::boolean: return v.text == "true";
    case hcl_value::type::number: return number_to_json(v.text);
    case hcl_value::type::string: return v.text;
    case hcl_value::type::tuple: {
      json a = json::array();
      for (const hcl_value& item : v.items) a.push_back(to_json(item, depth + 1));
      return a;
    }
    case hcl_value::type::object: {
      json o = json::object();
      for (std::size_t i = 0; i < v.keys.size(); ++i) o[v.keys[i]] = to_json(v.items[i], depth + 1);
      return o;
    }
    case hcl_value::type::call:
      if (v.text == "jsonencode" && v.items.size() == 1) return to_json(v.items[0], depth + 1);
      return "${" + v.text + "(...)}";
    case hcl_value::type::reference:
    case hcl_value::type::expression: return "${" + v.text + "}";
  }
  return nullptr;
}

json body_to_json(const hcl_body& body, int depth) {
  json o = json::object();
  if (depth > kMaxNesting) return o;
  for (const hcl_attribute& a : body.attributes) o[a.name] = to_json(a.value, 0);
  for (const hcl_block& b : body.blocks) {
    json& list = o[b.type];
    if (!list.is_array()) list = json::array();
    list.push_back(body_to_json(b.body, depth + 1));
  }
  return o;
}

}  // namespace

hcl_body parse_hcl(std::string_view content) {
  return parser(content, lexer(content).run()).file();
}

json hcl_to_json(const hcl_value& value) { return to_json(value, 0); }

json hcl_body_to_json(const hcl_body& body) { return body_to_json(body, 0); }

}  // namespace nhi::detail
