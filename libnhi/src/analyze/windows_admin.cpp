// SPDX-License-Identifier: Apache-2.0
// Windows deployment and administration files: answer files of Windows Setup
// (autounattend.xml, unattend.xml, sysprep.xml), Group Policy Preferences
// items (Groups.xml, Services.xml, ... under SYSVOL), Remote Desktop .rdp
// files, ASP.NET's <machineKey> (web.config, machine.config) and VNC
// passwords (.vnc files, registry exports). Each saved login becomes a fact
// named user@host (or user@domain); where Microsoft or the VNC vendors
// published the scheme and its key (an answer file's "hidden" base64, GPP's
// AES key, VNC's DES key) the plaintext is recovered only to fingerprint it
// (`fingerprint.decrypted`) and is wiped at once.
#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

#include "analyze/analyzers.hpp"
#include "nhi/finding.hpp"
#include "util/cipher.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

// The text of the first <name>...</name> in `block` (entities unescaped,
// trimmed), and where it starts; empty when absent or when it holds elements.
struct element_text {
  std::string text;
  std::size_t at = std::string_view::npos;
  bool found() const { return at != std::string_view::npos; }
};

element_text first_element(std::string_view block, std::string_view name) {
  const std::string open = "<" + std::string(name), close = "</" + std::string(name) + ">";
  for (std::size_t at = block.find(open); at != std::string_view::npos; at = block.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= block.size() || (block[after] != '>' && block[after] != ' ' && block[after] != '/' &&
                                  block[after] != '\t' && block[after] != '\r' && block[after] != '\n'))
      continue;  // <PasswordExpires> is not <Password>
    const std::size_t gt = block.find('>', after);
    if (gt == std::string_view::npos) return {};
    if (block[gt - 1] == '/') return {std::string(), at};  // <Value/>: present, empty
    const std::size_t end = block.find(close, gt);
    if (end == std::string_view::npos) return {};
    const std::string_view inner = block.substr(gt + 1, end - gt - 1);
    if (inner.find('<') != std::string_view::npos) return {std::string(), at};
    return {xml_entities_unescaped(trim(inner)), gt + 1};
  }
  return {};
}

// The block between <name ...> and its </name> (no nesting of the same name), from `from`.
struct element_block {
  std::string_view body;  // between the start tag's '>' and the end tag
  std::size_t at = std::string_view::npos;  // offset of the body in the searched text
  std::size_t end = std::string_view::npos;  // offset past the end tag
};

element_block next_block(std::string_view c, std::string_view name, std::size_t from) {
  const std::string open = "<" + std::string(name), close = "</" + std::string(name) + ">";
  for (std::size_t at = c.find(open, from); at != std::string_view::npos; at = c.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= c.size() || (c[after] != '>' && c[after] != ' ' && c[after] != '\t' && c[after] != '\r' &&
                              c[after] != '\n'))
      continue;
    const std::size_t gt = c.find('>', after);
    if (gt == std::string_view::npos) return {};
    const std::size_t end = c.find(close, gt);
    if (end == std::string_view::npos) return {};
    return {c.substr(gt + 1, end - gt - 1), gt + 1, end + close.size()};
  }
  return {};
}

// Values that stand for a password filled in later by a tool: Packer and Go
// templates, Terraform and shell variables (is_reference_or_placeholder),
// and the %VAR%, __VAR__ and @@VAR@@ tokens of MDT, SCCM, Octopus and the
// token-replacing build tasks.
bool is_deploy_placeholder(std::string_view value) {
  const std::string v = trim(value);
  if (is_reference_or_placeholder(v)) return true;
  const auto token = [&](std::string_view mark) {
    return v.size() > 2 * mark.size() && starts_with(v, mark) && ends_with(v, mark) &&
           std::all_of(v.begin() + static_cast<std::ptrdiff_t>(mark.size()),
                       v.end() - static_cast<std::ptrdiff_t>(mark.size()), [](char ch) {
                         return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '.' ||
                                ch == '-' || ch == ':';
                       });
  };
  return token("%") || token("__") || token("@@") || token("@") || token("#");
}

// What Windows Setup writes over a password once it has used it.
constexpr std::string_view kSensitiveDataDeleted = "*SENSITIVE*DATA*DELETED*";

// The default passwords of public Vagrant and Packer base boxes: documented
// conventions, not secrets (see docs/accuracy.md).
const char* well_known_default(std::string_view plain) {
  if (plain == "vagrant") return "vagrant-box";
  if (plain == "packer") return "packer-build";
  return nullptr;
}

// UTF-16LE bytes as UTF-8 text; false when the byte count is odd or the
// text holds control characters (not a password Setup or GPP wrote).
bool utf16le_text(std::string_view raw, std::string& out) {
  out.clear();
  if (raw.size() % 2 != 0) return false;
  out = utf16_to_utf8(raw, utf16_encoding::little_endian);
  const bool text = first_invalid_utf8(out) == std::string::npos &&
                    std::none_of(out.begin(), out.end(), [](char ch) {
                      return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
                    });
  if (!text) wipe_secret(out);
  return text;
}

// ---- Windows answer files ---------------------------------------------------

// An answer file's password when <PlainText> is false: base64 of the UTF-16LE
// text of the password followed by the element's name ("Password",
// "AdministratorPassword"), which Windows SIM calls hiding, not encrypting.
bool unattend_unhide(std::string_view value, std::string_view element, std::string& plain) {
  std::string raw;
  const bool ok = base64_decode(value, raw) && utf16le_text(raw, plain) && ends_with(plain, element);
  wipe_secret(raw);
  if (!ok) {
    wipe_secret(plain);
    return false;
  }
  plain.resize(plain.size() - element.size());
  return true;
}

struct unattend_context {
  const source_file* file;
  std::string_view content;
  line_index* lines;
  std::string computer;  // <ComputerName>, empty or "*" when Setup makes one up
  analysis_result* out;
};

// The name attribute of the <component> holding `offset`, and its pass.
std::pair<std::string, std::string> unattend_component(std::string_view c, std::size_t offset) {
  const std::size_t comp = c.rfind("<component", offset);
  if (comp == std::string_view::npos) return {};
  const std::size_t gt = c.find('>', comp);
  const std::string_view tag = c.substr(comp, gt == std::string_view::npos ? c.size() - comp : gt - comp + 1);
  std::string pass;
  if (const std::size_t settings = c.rfind("<settings", comp); settings != std::string_view::npos) {
    const std::size_t sgt = c.find('>', settings);
    if (sgt != std::string_view::npos) pass = xml_tag_attribute(c.substr(settings, sgt - settings + 1), "pass");
  }
  return {xml_tag_attribute(tag, "name"), pass};
}

// One password of an answer file: `value` (at `value_at` in the content),
// hidden unless `plain_text`, under element `element`. The fact made, or null.
identity_fact* unattend_password(unattend_context& ctx, const std::string& value, std::size_t value_at, bool plain_text,
                       std::string_view element, const std::string& user, const std::string& host,
                       const char* setting) {
  if (value.empty() || value == kSensitiveDataDeleted) return nullptr;
  std::string plain;
  bool recovered = false;
  if (plain_text) {
    if (is_deploy_placeholder(value)) return nullptr;
  } else {
    recovered = unattend_unhide(value, element, plain);
    if (recovered && (plain.empty() || plain == kSensitiveDataDeleted || is_deploy_placeholder(plain))) {
      wipe_secret(plain);
      return nullptr;
    }
  }
  const std::uint64_t line = ctx.lines->line_of(value_at);
  identity_fact f = plain_text ? client_password_fact("password", "windows", user, host, value, *ctx.file, line)
                               : encoded_password_fact("password", "windows", user, host, value, *ctx.file, line);
  f.provider = "windows";
  f.attributes["setting"] = setting;
  const auto [component, pass] = unattend_component(ctx.content, value_at);
  if (!component.empty()) f.attributes["component"] = component;
  if (!pass.empty()) f.attributes["pass"] = pass;
  if (ctx.computer == "*") f.attributes["computer_name"] = "generated by Setup";
  else if (!ctx.computer.empty()) f.attributes["computer_name"] = ctx.computer;
  const char* known = well_known_default(plain_text ? std::string_view(value) : std::string_view(plain));
  if (plain_text) {
    f.attributes["encoding"] = "plain";
  } else {
    f.attributes["encoding"] = "unattend-hidden-base64";
    if (recovered) f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
    else f.attributes["decrypt_error"] = "not base64 of UTF-16LE text ending in the element's name";
  }
  wipe_secret(plain);
  if (known) {
    // Public knowledge, not a leak: the machine it builds still takes it.
    f.attributes["well_known_default"] = known;
    add_finding(*ctx.out, "windows-unattend-well-known-password", "NHI2", "low",
                "The answer file " + ctx.file->path + " gives " + f.name + " the published default password of " +
                    (std::string(known) == "vagrant-box" ? "Vagrant base boxes" : "Packer example builds") +
                    "; change it before the machine is reachable from anywhere but the build host.",
                f.name, *ctx.file, line);
  }
  ctx.out->identities.push_back(std::move(f));
  return &ctx.out->identities.back();
}

// A <Password>/<AdministratorPassword> element holding <Value> and <PlainText>.
identity_fact* unattend_value_password(unattend_context& ctx, std::string_view block, std::size_t block_at,
                             std::string_view element, const std::string& user, const std::string& host,
                             const char* setting) {
  const element_text value = first_element(block, "Value");
  if (!value.found()) return nullptr;
  const element_text plain_text = first_element(block, "PlainText");
  // Windows SIM writes PlainText false when it hides a value; absent means plain text.
  const bool plain = !plain_text.found() || !iequals(plain_text.text, "false");
  return unattend_password(ctx, value.text, block_at + value.at, plain, element, user, host, setting);
}

}  // namespace

// A Windows answer file: Microsoft-Windows-Shell-Setup's
// UserAccounts/AdministratorPassword, UserAccounts/LocalAccounts/LocalAccount
// (Name, Group, Password) and AutoLogon (Username, Domain, Password), each a
// <Value> with <PlainText>; Microsoft-Windows-UnattendedJoin's
// Identification/Credentials (Domain, Username, Password in plain text) and
// MachinePassword; Windows Deployment Services' Login/Credentials.
void analyze_unattend(const source_file& file, analysis_result& out) {
  std::string converted;
  std::string_view raw = file.content;
  if (const utf16_encoding e = detect_utf16(raw); e != utf16_encoding::none) {
    converted = utf16_to_utf8(raw, e);
    raw = converted;
  }
  const std::string content = without_xml_comments(raw);
  const std::string_view c = content;
  line_index lines(c);
  unattend_context ctx{&file, c, &lines, {}, &out};
  if (const element_text name = first_element(c, "ComputerName"); name.found()) ctx.computer = name.text;
  const std::string computer = ctx.computer == "*" ? std::string() : ctx.computer;

  for (element_block b = next_block(c, "AdministratorPassword", 0); b.at != std::string_view::npos;
       b = next_block(c, "AdministratorPassword", b.end))
    unattend_value_password(ctx, b.body, b.at, "AdministratorPassword", "Administrator", computer,
                            "administrator password");

  for (element_block b = next_block(c, "LocalAccount", 0); b.at != std::string_view::npos;
       b = next_block(c, "LocalAccount", b.end)) {
    const element_block pw = next_block(b.body, "Password", 0);
    if (pw.at == std::string_view::npos) continue;
    identity_fact* f = unattend_value_password(ctx, pw.body, b.at + pw.at, "Password",
                                               first_element(b.body, "Name").text, computer, "local account");
    if (const std::string group = first_element(b.body, "Group").text; f && !group.empty())
      f->attributes["group"] = group;
  }

  for (element_block b = next_block(c, "AutoLogon", 0); b.at != std::string_view::npos;
       b = next_block(c, "AutoLogon", b.end)) {
    const element_block pw = next_block(b.body, "Password", 0);
    if (pw.at == std::string_view::npos) continue;
    const std::string domain = first_element(b.body, "Domain").text;
    unattend_value_password(ctx, pw.body, b.at + pw.at, "Password", first_element(b.body, "Username").text,
                            domain.empty() ? computer : domain, "autologon");
  }

  // Credentials hold the password as text (no <Value>): domain join, WDS login.
  for (element_block b = next_block(c, "Credentials", 0); b.at != std::string_view::npos;
       b = next_block(c, "Credentials", b.end)) {
    const element_text pw = first_element(b.body, "Password");
    if (!pw.found()) continue;
    const auto [component, pass] = unattend_component(c, b.at);
    const bool wds = component.find("WindowsDeploymentServices") != std::string::npos;
    unattend_password(ctx, pw.text, b.at + pw.at, true, "Password", first_element(b.body, "Username").text,
                      first_element(b.body, "Domain").text, wds ? "deployment services login" : "domain join");
  }

  // UnattendedJoin's MachinePassword: the computer account's one-time join password.
  if (const element_text mp = first_element(c, "MachinePassword"); mp.found()) {
    const element_text domain = first_element(c, "JoinDomain");
    unattend_password(ctx, mp.text, mp.at, true, "MachinePassword", computer.empty() ? std::string() : computer + "$",
                      domain.text, "machine join password");
  }
}

namespace {

// ---- Group Policy Preferences -------------------------------------------------

// The AES-256 key of cpassword, published by Microsoft in [MS-GPPREF]
// 2.2.1.1.4 "Password Encryption" so that other tools could read the files.
constexpr std::array<unsigned char, 32> kGppKey = {
    0x4e, 0x99, 0x06, 0xe8, 0xfc, 0xb6, 0x6c, 0xc9, 0xfa, 0xf4, 0x93, 0x10, 0x62, 0x0f, 0xfe, 0xe8,
    0xf4, 0x96, 0xe8, 0x06, 0xcc, 0x05, 0x79, 0x90, 0x20, 0x9b, 0x09, 0xa4, 0x33, 0xb6, 0x6c, 0x1b};

// cpassword: base64 (padding dropped) of AES-256-CBC under kGppKey with a
// zero IV of the UTF-16LE password, PKCS#7 padded.
bool gpp_decrypt(std::string_view cpassword, std::string& plain) {
  std::string b64(cpassword);
  while (b64.size() % 4 != 0) b64 += '=';
  std::string raw, bytes;
  if (!base64_decode(b64, raw) || raw.empty() || raw.size() % 16 != 0) return false;
  const std::string_view key(reinterpret_cast<const char*>(kGppKey.data()), kGppKey.size());
  const bool ok = aes_cbc_decrypt(key, std::string(16, '\0'), raw, bytes) && utf16le_text(bytes, plain);
  wipe_secret(bytes);
  if (!ok) wipe_secret(plain);
  return ok;
}

// What each kind of GPP item is, by its root element, and the attributes
// naming the account its cpassword logs in as.
struct gpp_kind { const char* root; const char* item; };
constexpr gpp_kind kGppKinds[] = {
    {"<Groups", "local user"},        {"<NTServices", "service"}, {"<ScheduledTasks", "scheduled task"},
    {"<DataSources", "data source"},  {"<Drives", "mapped drive"}, {"<Printers", "printer"},
};

// The server of a UNC path (\\server\share) or an empty string.
std::string unc_server(const std::string& path) {
  if (path.size() < 3 || path[0] != '\\' || path[1] != '\\') return {};
  const std::size_t end = path.find('\\', 2);
  return path.substr(2, end == std::string::npos ? std::string::npos : end - 2);
}

}  // namespace

// A Group Policy Preferences file (Groups.xml, Services.xml,
// ScheduledTasks.xml, DataSources.xml, Drives.xml, Printers.xml, under
// Policies\{GUID}\Machine|User\Preferences in SYSVOL, which every domain user
// reads): each <Properties> with a cpassword.
void analyze_gpp(const source_file& file, analysis_result& out) {
  const std::string content = without_xml_comments(file.content);
  const std::string_view c = content;
  std::string item = "preference item";
  for (const gpp_kind& k : kGppKinds)
    if (c.find(k.root) != std::string_view::npos) {
      item = k.item;
      break;
    }
  line_index lines(c);
  for (std::size_t at = c.find("cpassword="); at != std::string_view::npos; at = c.find("cpassword=", at + 10)) {
    const std::size_t open = c.rfind('<', at);
    const std::size_t close = c.find('>', at);
    if (open == std::string_view::npos || close == std::string_view::npos) continue;
    const std::string_view tag = c.substr(open, close - open + 1);
    const std::string value = xml_tag_attribute(tag, "cpassword");
    // Base64 may start with "/" or hold "xxxx": only a value that is not base64 can be a template.
    const bool base64_text = std::all_of(value.begin(), value.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '+' || ch == '/' || ch == '=';
    });
    if (value.empty() || (!base64_text && is_deploy_placeholder(value))) continue;
    std::string user;
    for (const char* name : {"runAs", "accountName", "userName", "username"})
      if (user = xml_tag_attribute(tag, name); !user.empty()) break;
    if (user.empty()) user = xml_tag_attribute(tag, "newName");
    const std::string path = xml_tag_attribute(tag, "path");
    identity_fact f = encoded_password_fact("password", "windows", user, unc_server(path), value, file,
                                            lines.line_of(at));
    f.provider = "windows";
    f.attributes["setting"] = "group policy preference";
    f.attributes["item"] = item;
    // The <User name=...>, <NTService name=...> element around it names the item.
    const std::size_t outer = c.rfind('<', open == 0 ? 0 : open - 1);
    if (outer != std::string_view::npos && outer < open) {
      const std::size_t gt = c.find('>', outer);
      if (gt != std::string_view::npos && gt < open) {
        const std::string_view outer_tag = c.substr(outer, gt - outer + 1);
        if (const std::string name = xml_tag_attribute(outer_tag, "name"); !name.empty())
          f.attributes["item_name"] = name;
      }
    }
    if (!path.empty()) f.attributes["path"] = path;
    for (const char* name : {"serviceName", "dsn", "action"})
      if (const std::string v = xml_tag_attribute(tag, name); !v.empty()) f.attributes[name] = v;
    f.attributes["encoding"] = "gpp-aes256";
    f.attributes["key"] = "published in MS-GPPREF 2.2.1.1.4";
    std::string plain;
    if (gpp_decrypt(value, plain)) {
      if (plain.empty()) {
        wipe_secret(plain);
        continue;
      }
      f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
    } else {
      f.attributes["decrypt_error"] = "does not decrypt under the published GPP key";
    }
    wipe_secret(plain);
    out.identities.push_back(std::move(f));
  }
}

// ---- Remote Desktop .rdp files ----------------------------------------------

// An .rdp file: "name:type:value" lines; `password 51:b:HEX` is a DPAPI blob
// that mstsc saved, readable only by that Windows user on that machine.
void analyze_rdp(const source_file& file, analysis_result& out) {
  std::string converted;
  std::string_view c = file.content;
  if (const utf16_encoding e = detect_utf16(c); e != utf16_encoding::none) {
    converted = utf16_to_utf8(c, e);
    c = converted;
  }
  std::string host, user, gateway, domain, password;
  std::uint64_t password_line = 0, line_number = 0;
  for (const std::string& raw : split(c, '\n')) {
    ++line_number;
    std::string line = trim(raw);
    if (line_number == 1 && starts_with(line, "\xEF\xBB\xBF")) line.erase(0, 3);
    const std::size_t first = line.find(':');
    if (first == std::string::npos) continue;
    const std::size_t second = line.find(':', first + 1);
    if (second == std::string::npos) continue;
    const std::string name = to_lower_ascii(trim(std::string_view(line).substr(0, first)));
    const std::string value = trim(std::string_view(line).substr(second + 1));
    if (name == "full address") host = value;
    else if (name == "username") user = value;
    else if (name == "domain") domain = value;
    else if (name == "gatewayhostname") gateway = value;
    else if (name == "password 51") {
      password = value;
      password_line = line_number;
    }
  }
  if (password.empty()) return;
  // "host:port" (one colon; an IPv6 address in brackets keeps its own).
  std::string port;
  if (const std::size_t colon = host.rfind(':');
      colon != std::string::npos && host.find(':') == colon && colon + 1 < host.size()) {
    port = host.substr(colon + 1);
    host.resize(colon);
  }
  identity_fact f = encoded_password_fact("password", "rdp", user, host, password, file, password_line);
  f.provider = "rdp";
  if (!port.empty()) f.attributes["port"] = port;
  if (!domain.empty()) f.attributes["domain"] = domain;
  if (!gateway.empty()) f.attributes["gateway"] = gateway;
  f.attributes["setting"] = "password 51";
  f.attributes["encoding"] = "dpapi";
  const bool hex = password.size() % 2 == 0 && std::all_of(password.begin(), password.end(), [](char ch) {
                     return std::isxdigit(static_cast<unsigned char>(ch)) != 0;
                   });
  f.attributes["decrypt_error"] = hex ? "DPAPI: readable only by the Windows user who saved it, on that machine"
                                      : "not a hex DPAPI blob";
  out.identities.push_back(std::move(f));
}

// ---- ASP.NET machineKey -------------------------------------------------------

namespace {

bool is_hex_key(const std::string& v, std::size_t min_digits) {
  return v.size() >= min_digits && v.size() % 2 == 0 && all_hex(v);
}

// The site a config file configures: its directory's name, or the file's name.
std::string site_of(const std::string& path) {
  std::string p = path;
  std::replace(p.begin(), p.end(), '\\', '/');
  const std::size_t slash = p.rfind('/');
  if (slash == std::string::npos || slash == 0) return p;
  const std::size_t before = p.rfind('/', slash - 1);
  const std::string dir = p.substr(before == std::string::npos ? 0 : before + 1,
                                   slash - (before == std::string::npos ? 0 : before + 1));
  const std::string lower = to_lower_ascii(dir);
  // machine.config lives in ...\Framework64\v4.0.30319\Config: the file is the identity.
  if (lower == "config" || dir.empty()) return p.substr(slash + 1);
  return dir;
}

}  // namespace

// <machineKey validationKey="HEX" decryptionKey="HEX" validation="..."
// decryption="..."/> in a web.config or machine.config: whoever holds the
// keys signs and encrypts ViewState (code execution through deserialisation)
// and forms-authentication tickets. "AutoGenerate[,IsolateApps]" is no key.
void analyze_machine_key(const source_file& file, analysis_result& out) {
  const std::string content = without_xml_comments(file.content);
  const std::string_view c = content;
  line_index lines(c);
  for (const auto& [offset, tag] : xml_start_tags(c, "machineKey")) {
    const std::string site = site_of(file.path);
    for (const auto& [attribute, min_digits, algorithm] :
         {std::tuple<const char*, std::size_t, const char*>{"validationKey", 40, "validation"},
          {"decryptionKey", 16, "decryption"}}) {
      const std::string value = xml_tag_attribute(tag, attribute);
      if (!is_hex_key(value, min_digits)) continue;
      if (value.find_first_not_of(value[0]) == std::string::npos) continue;  // 000...0
      const std::size_t at = tag.find(attribute);
      identity_fact f = make_fact("secret_key", "aspnet", std::string("machineKey.") + attribute + "@" + site, file,
                                  lines.line_of(offset + (at == std::string_view::npos ? 0 : at)));
      f.attributes["setting"] = attribute;
      f.attributes["site"] = site;
      f.attributes["value_source"] = "literal";
      f.attributes["fingerprint"] = fingerprint_of(value);
      f.attributes["key_bits"] = std::to_string(value.size() * 4);
      if (const std::string alg = xml_tag_attribute(tag, algorithm); !alg.empty()) f.attributes["algorithm"] = alg;
      out.identities.push_back(std::move(f));
    }
  }
}

// ---- VNC ------------------------------------------------------------------------

namespace {

// The DES key every VNC server and viewer (RealVNC, TightVNC, UltraVNC,
// TigerVNC) obfuscates a saved password with, as printed in their sources
// and documented by them: {23, 82, 107, 6, 35, 78, 88, 7}. The password is
// cut or zero-padded to 8 bytes and DES-encrypted as one block.
constexpr std::array<unsigned char, 8> kVncKey = {23, 82, 107, 6, 35, 78, 88, 7};

// 8 bytes (or the first 8 of more) of a VNC obfuscated password, decrypted:
// single DES, computed as 3DES with the three keys equal and a zero IV over
// one block (what OpenSSL still offers without its legacy provider). VNC
// uses the key with each byte's bits reversed (its own DES takes them so).
bool vnc_decrypt(std::string_view raw, std::string& plain) {
  if (raw.size() < 8) return false;
  std::string key;
  for (unsigned char k : kVncKey) {
    unsigned char r = 0;
    for (int bit = 0; bit < 8; ++bit)
      if (k & (1u << bit)) r = static_cast<unsigned char>(r | (0x80u >> bit));
    key += static_cast<char>(r);
  }
  const std::string key3 = key + key + key;
  if (!des_ede3_cbc_decrypt(key3, std::string(8, '\0'), raw.substr(0, 8), plain)) return false;
  if (const std::size_t nul = plain.find('\0'); nul != std::string::npos) {
    if (plain.find_first_not_of('\0', nul) != std::string::npos) {
      wipe_secret(plain);
      return false;
    }
    plain.resize(nul);
  }
  const bool text = std::all_of(plain.begin(), plain.end(), [](char ch) {
    return static_cast<unsigned char>(ch) >= 0x20 && static_cast<unsigned char>(ch) < 0x7f;
  });
  if (!text) wipe_secret(plain);
  return text;
}

void vnc_fact(const std::string& hex, const std::string& user, const std::string& host, const char* setting,
              const source_file& file, std::uint64_t line, analysis_result& out) {
  std::string raw, plain;
  if (!hex_decode(hex, raw) || raw.size() < 8) return;
  const bool decrypted = vnc_decrypt(raw, plain);
  wipe_secret(raw);
  if (decrypted && plain.empty()) return;
  identity_fact f = encoded_password_fact("password", "vnc", user, host, hex, file, line);
  f.provider = "vnc";
  f.attributes["setting"] = setting;
  f.attributes["encoding"] = "vnc-des";
  if (decrypted) f.attributes["fingerprint.decrypted"] = fingerprint_of(plain);
  else f.attributes["decrypt_error"] = "does not decrypt to text under VNC's fixed key";
  wipe_secret(plain);
  out.identities.push_back(std::move(f));
}

}  // namespace

// A VNC viewer connection file (.vnc: [Connection] Host=, Password=HEX of 8
// bytes) or an UltraVNC ultravnc.ini ([ultravnc] passwd=, passwd2=).
void analyze_vnc_file(const source_file& file, analysis_result& out) {
  std::string host, user;
  std::vector<std::pair<std::string, std::uint64_t>> passwords;
  std::vector<const char*> settings;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(file.content, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos || line.front() == '[' || line.front() == ';' || line.front() == '#') continue;
    const std::string key = to_lower_ascii(trim(std::string_view(line).substr(0, eq)));
    const std::string value = trim(std::string_view(line).substr(eq + 1));
    if (key == "host") host = value;
    else if (key == "username" || key == "user") user = value;
    else if ((key == "password" || key == "passwd" || key == "passwd2") && value.size() >= 16 && value.size() <= 64) {
      passwords.emplace_back(value, line_number);
      settings.push_back(key == "passwd2" ? "view-only password" : "password");
    }
  }
  for (std::size_t i = 0; i < passwords.size(); ++i)
    vnc_fact(passwords[i].first, user, host, settings[i], file, passwords[i].second, out);
}

// VNC servers' passwords in a registry export: "Password"=hex:xx,..., (RealVNC
// 4, TightVNC, TigerVNC under Software\...\WinVNC*, Software\TightVNC\Server,
// Software\RealVNC\*) or "Password"="HEX" (RealVNC 4 as a string).
void analyze_vnc_registry(const source_file& file, analysis_result& out) {
  std::string converted;
  std::string_view c = file.content;
  if (const utf16_encoding e = detect_utf16(c); e != utf16_encoding::none) {
    converted = utf16_to_utf8(c, e);
    c = converted;
  }
  bool in_vnc = false;
  std::string key_name;
  std::uint64_t line_number = 0;
  for (const std::string& raw : split(c, '\n')) {
    ++line_number;
    const std::string line = trim(raw);
    if (!line.empty() && line.front() == '[') {
      const std::string lower = to_lower_ascii(line);
      in_vnc = lower.find("vnc") != std::string::npos &&
               (lower.find("\\winvnc") != std::string::npos || lower.find("\\tightvnc\\") != std::string::npos ||
                ends_with(lower, "\\tightvnc\\server]") || lower.find("\\realvnc\\") != std::string::npos ||
                lower.find("\\tigervnc\\") != std::string::npos || lower.find("\\orl\\") != std::string::npos);
      key_name = line.substr(1, line.size() > 1 ? line.size() - 2 : 0);
      continue;
    }
    if (!in_vnc) continue;
    const std::string lower = to_lower_ascii(line);
    const char* setting = starts_with(lower, "\"password\"=")       ? "password"
                          : starts_with(lower, "\"passwordviewonly\"=") ? "view-only password"
                          : starts_with(lower, "\"controlpassword\"=")  ? "control password"
                                                                        : nullptr;
    if (!setting) continue;
    std::string value = line.substr(line.find('=') + 1);
    std::string hex;
    if (starts_with(value, "hex:")) {
      for (char ch : value.substr(4))
        if (std::isxdigit(static_cast<unsigned char>(ch))) hex += ch;
    } else if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      hex = value.substr(1, value.size() - 2);
    }
    if (hex.size() < 16 || hex.size() > 64) continue;
    const std::size_t before = out.identities.size();
    vnc_fact(hex, "", "", setting, file, line_number, out);
    if (out.identities.size() > before) out.identities.back().attributes["registry_key"] = key_name;
  }
}

}  // namespace nhi::detail
