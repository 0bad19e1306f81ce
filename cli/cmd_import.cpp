// SPDX-License-Identifier: Apache-2.0
// nhi import: cloud exports (IAM credential report, list-access-keys,
// authorization details, gcloud and az listings, kubectl lists) read into
// identity facts and configuration findings.
//
// Each file stands alone: a malformed one is reported as "FILE:LINE: message"
// on stderr and the others are still read; the exit code is 2 when any failed.
#include <sys/stat.h>

#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>


#include "commands.hpp"
#include "inventory_recording.hpp"
#include "nhi/analysis.hpp"

namespace nhi_cli {

void add_import_command(CLI::App& app, int& exit_code);

namespace {

struct import_args {
  std::vector<std::string> files;
  std::string kind = "detect";
  std::string account;
  std::string key_id;
  std::string format = "text";
  std::string output;
  recording_args inventory;
};

struct import_error {
  std::string file;
  std::uint64_t line = 0;
  std::string message;
};

// A JSON string literal; bytes that are not valid UTF-8 become U+FFFD so the
// document stays parseable whatever the export held.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      const std::size_t length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
      bool valid = length > 0 && i + length <= s.size() && c <= 0xF4;
      for (std::size_t k = 1; valid && k < length; ++k)
        valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (valid) {
        out.append(s, i, length);
        i += length - 1;
      } else {
        out += "\\ufffd";
      }
    }
  }
  return out + "\"";
}

std::string string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + quoted(values[i]);
  return out + "]";
}

std::string identity_json(const nhi::identity_fact& f) {
  std::ostringstream o;
  o << "{\"kind\":" << quoted(f.kind) << ",\"provider\":" << quoted(f.provider) << ",\"name\":" << quoted(f.name)
    << ",\"external_ids\":" << string_array(f.external_ids) << ",\"parent\":" << quoted(f.parent)
    << ",\"status\":" << quoted(f.status) << ",\"owner\":" << quoted(f.owner)
    << ",\"owner_source\":" << quoted(f.owner_source) << ",\"created_at\":" << quoted(f.created_at)
    << ",\"last_used_at\":" << quoted(f.last_used_at) << ",\"last_rotated_at\":" << quoted(f.last_rotated_at)
    << ",\"expires_at\":" << quoted(f.expires_at) << ",\"admin_equivalent\":" << (f.admin_equivalent ? "true" : "false")
    << ",\"permissions\":" << string_array(f.permissions) << ",\"trust\":" << string_array(f.trust)
    << ",\"interactive_use\":" << (f.interactive_use ? "true" : "false")
    << ",\"external_trust_without_condition\":" << (f.external_trust_without_condition ? "true" : "false")
    << ",\"environment\":" << quoted(f.environment) << ",\"service\":" << quoted(f.service)
    << ",\"namespace\":" << quoted(f.namespace_) << ",\"path\":" << quoted(f.path) << ",\"line\":" << f.line
    << ",\"attributes\":{";
  bool first = true;
  for (const auto& [key, value] : f.attributes) {
    o << (first ? "" : ",") << quoted(key) << ":" << quoted(value);
    first = false;
  }
  o << "}}";
  return o.str();
}

std::string finding_json(const nhi::config_finding& f) {
  std::ostringstream o;
  o << "{\"id\":" << quoted(f.id) << ",\"category\":" << quoted(f.category) << ",\"severity\":" << quoted(f.severity)
    << ",\"message\":" << quoted(f.message) << ",\"subject\":" << quoted(f.subject) << ",\"path\":" << quoted(f.path)
    << ",\"line\":" << f.line << ",\"environment\":" << quoted(f.environment) << "}";
  return o.str();
}

std::string render_json(const nhi::analysis_result& all, const std::vector<import_error>& errors) {
  std::string out = "{\"identities\":[";
  for (std::size_t i = 0; i < all.identities.size(); ++i) out += (i ? ",\n" : "\n") + identity_json(all.identities[i]);
  out += "],\"findings\":[";
  for (std::size_t i = 0; i < all.findings.size(); ++i) out += (i ? ",\n" : "\n") + finding_json(all.findings[i]);
  out += "],\"errors\":[";
  for (std::size_t i = 0; i < errors.size(); ++i)
    out += std::string(i ? ",\n" : "\n") + "{\"file\":" + quoted(errors[i].file) + ",\"line\":" +
           std::to_string(errors[i].line) + ",\"message\":" + quoted(errors[i].message) + "}";
  return out + "]}\n";
}

std::string place(const std::string& path, std::uint64_t line) {
  return line ? path + ":" + std::to_string(line) : path;
}

// One line per identity, then one per finding.
std::string render_text(const nhi::analysis_result& all) {
  std::ostringstream o;
  for (const nhi::identity_fact& f : all.identities) {
    o << place(f.path, f.line) << ": " << f.provider << " " << f.kind << " " << f.name;
    if (!f.external_ids.empty() && f.external_ids.front() != f.name) o << " [" << f.external_ids.front() << "]";
    if (!f.parent.empty()) o << " of " << f.parent;
    if (!f.status.empty()) o << " status=" << f.status;
    if (!f.owner.empty()) o << " owner=" << f.owner;
    if (!f.environment.empty()) o << " env=" << f.environment;
    if (!f.service.empty()) o << " service=" << f.service;
    if (!f.created_at.empty()) o << " created=" << f.created_at;
    if (!f.last_used_at.empty()) o << " last_used=" << f.last_used_at;
    if (!f.expires_at.empty()) o << " expires=" << f.expires_at;
    if (f.admin_equivalent) o << " admin";
    if (f.interactive_use) o << " interactive";
    if (f.external_trust_without_condition) o << " open-trust";
    o << '\n';
  }
  for (const nhi::config_finding& f : all.findings)
    o << place(f.path, f.line) << ": " << f.category << " " << f.severity << " " << f.id << ": " << f.message << '\n';
  return o.str();
}

nhi::status read_file(const std::string& path, std::string& content) {
  // Refused before it is read: a 500 MB export must not cost 1 GB of memory
  // only to be refused by the analyzer.
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))  // a FIFO blocks, /dev/zero never ends
    return {nhi::errc::invalid_argument, "not a regular file", path};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::uint64_t>(st.st_size) > nhi::max_analysis_bytes)
    return {nhi::errc::unsupported,
            "file of " + std::to_string(st.st_size) + " bytes is larger than the " +
                std::to_string(nhi::max_analysis_bytes >> 20) + " MiB structure analysis reads",
            path};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {nhi::errc::io_error, "cannot open file", path};
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return {nhi::errc::io_error, "cannot read file", path};
  content = s.str();
  return {};
}

int run_import(const import_args& a) {
  nhi::export_kind kind = nhi::export_kind::detect;
  if (!nhi::parse_export_kind(a.kind, kind))
    return report_error({nhi::errc::invalid_argument,
                         "unknown --kind '" + a.kind + "' (detect, aws_credential_report, aws_access_keys, "
                         "aws_authorization_details, gcp_service_accounts, gcp_service_account_keys, "
                         "gcp_key_file, gcp_iam_policy, azure_apps, azure_service_principals, "
                         "azure_app_credentials, aws_ssh_public_keys, aws_service_specific_credentials, "
                         "aws_access_key_last_used, kubernetes)"});
  if (!a.account.empty())
    if (nhi::status s = nhi::check_account(a.account); !s) return report_error(s);
  if (a.format != "json" && a.format != "text")
    return report_error({nhi::errc::invalid_argument, "unknown --format '" + a.format + "' (text, json)"});

  std::optional<nhi::inventory> inv;
  if (!a.inventory.db.empty()) {
    auto opened = open_for_recording(a.inventory);
    if (!opened) return report_error(opened.error());
    inv.emplace(std::move(opened.value()));
  }

  nhi::analysis_result all;
  std::vector<import_error> errors;
  for (const std::string& file : a.files) {
    std::string content;
    nhi::status s = read_file(file, content);
    if (s) {
      nhi::import_options options;
      options.kind = kind;
      options.account = a.account;
      options.key_id = a.key_id;
      auto imported = nhi::import_export(file, content, options);
      if (imported && inv) {
        // Each export is its own snapshot, named after its account, kind and
        // scope so the next export of the same listing supersedes it.
        nhi::scan_record meta;
        meta.target = nhi::export_target(imported.value());
        if (meta.target.empty()) {
          // Its file name would stand for the account: the same account
          // saved in two folders would be two, its deleted keys never gone.
          s = nhi::status(nhi::errc::invalid_argument,
                          "the " + imported->source_kind +
                              " export names no account; record it with --account (aws:<account id>, "
                              "gcp:<project>, azure:<tenant id>, kubernetes:<cluster>)",
                          file);
          std::cerr << "nhi: " << s.to_string() << '\n';
          errors.push_back({file, 0, s.message()});
          continue;
        }
        meta.taken_at = a.inventory.as_of;
        meta.new_fingerprint_key = a.inventory.new_fingerprint_key;
        auto snap = inv->record_import(meta, imported.value());
        if (!snap) return report_error(snap.error());
        announce_snapshot(a.inventory, snap.value());
      }
      if (imported) {
        for (auto& f : imported->identities) all.identities.push_back(std::move(f));
        for (auto& f : imported->findings) all.findings.push_back(std::move(f));
        continue;
      }
      s = imported.error();
    }
    std::cerr << "nhi: " << s.to_string() << '\n';
    errors.push_back({s.file().empty() ? file : s.file(), s.line(), s.message()});
  }
  const std::string rendered = a.format == "json" ? render_json(all, errors) : render_text(all);
  if (nhi::status s = write_output(a.output, rendered); !s) return report_error(s);
  return errors.empty() ? kClean : kUsage;
}

}  // namespace

void add_import_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<import_args>();
  auto* cmd = app.add_subcommand("import", "Read cloud exports (IAM credential report, access keys, authorization "
                                           "details, gcloud/az listings, kubectl lists) into identity facts");
  cmd->add_option("files", a->files, "Export files; each kind is detected from its content")->required();
  cmd->add_option("--kind", a->kind, "Force the export kind instead of detecting it")->capture_default_str();
  cmd->add_option("--account", a->account,
                  "The account the exports come from when they do not name it (aws:123456789012, gcp:PROJECT, "
                  "azure:TENANT_ID, kubernetes:CLUSTER); needed to record list-access-keys, az and kubectl "
                  "exports in an inventory");
  cmd->add_option("--key-id", a->key_id,
                  "The access key id get-access-key-last-used was run for (its output names none)");
  cmd->add_option("-f,--format", a->format, "text or json")->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Write to FILE (created 0600) instead of stdout");
  add_recording_options(cmd, a->inventory);
  cmd->callback([a, &exit_code] { exit_code = run_import(*a); });
}

}  // namespace nhi_cli
