// SPDX-License-Identifier: Apache-2.0
#include "match/validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <iterator>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>

#include "util/cipher.hpp"
#include "util/device_secrets.hpp"
#include "util/jenkins_secret.hpp"
#include "util/text.hpp"

namespace nhi::detail {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool github_checksum(std::string_view secret, std::string_view) {
  // ghp_ / gho_ / ghu_ / ghs_ / ghr_ + 30 random + 6 checksum.
  return secret.size() == 40 && secret[3] == '_' && has_valid_base62_crc32(secret, 4);
}

bool npm_checksum(std::string_view secret, std::string_view) {
  return secret.size() == 40 && starts_with(secret, "npm_") && has_valid_base62_crc32(secret, 4);
}

bool decode_json_object_b64url(std::string_view part) {
  std::string decoded;
  if (!base64_decode(part, decoded, /*url_safe=*/true)) return false;
  // Trim whitespace and check it is an object: opening with a member name or
  // closing at once. A test's deliberately corrupted token keeps its braces
  // but not what follows the first. (Not also valid UTF-8 throughout: made-up
  // tokens in documentation and tests of real services are as often not.)
  auto b = decoded.find_first_not_of(" \t\r\n");
  auto e = decoded.find_last_not_of(" \t\r\n");
  if (b == std::string::npos || decoded[b] != '{' || decoded[e] != '}') return false;
  const auto member = decoded.find_first_not_of(" \t\r\n", b + 1);
  return decoded[member] == '"' || member == e;
}

// Whether an HS256/384/512 token's signature is the HMAC under a key that
// jwt.io shows on its page (today's default, and the older per-size ones):
// anyone can mint such a token, so it grants nothing and is no secret.
bool signed_with_published_key(const std::string& header, std::string_view signed_part, std::string_view signature) {
  const EVP_MD* md = nullptr;
  const char* sized = nullptr;
  if (header.find("\"HS256\"") != std::string::npos) {
    md = EVP_sha256();
    sized = "your-256-bit-secret";
  } else if (header.find("\"HS384\"") != std::string::npos) {
    md = EVP_sha384();
    sized = "your-384-bit-secret";
  } else if (header.find("\"HS512\"") != std::string::npos) {
    md = EVP_sha512();
    sized = "your-512-bit-secret";
  } else {
    return false;
  }
  std::string sig;
  if (signature.empty() || !base64_decode(signature, sig, /*url_safe=*/true)) return false;
  for (const char* key : {"a-string-secret-at-least-256-bits-long", sized}) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(md, key, static_cast<int>(std::strlen(key)), reinterpret_cast<const unsigned char*>(signed_part.data()),
              signed_part.size(), mac, &len))
      continue;
    if (len == sig.size() && std::memcmp(mac, sig.data(), len) == 0) return true;
  }
  return false;
}

// Whether a JWS signature (base64url, unpadded) has the length its header's
// algorithm gives (RFC 7518 section 3): HMAC and ECDSA signatures have one
// length, RSA ones that of the modulus (1024 to 4096 bits), "none" none. A
// token run together with the text after it (a database page, a log line
// without a separator) is longer. Algorithms not listed are not judged.
bool signature_fits(std::string_view header_json, std::string_view signature) {
  while (!signature.empty() && signature.back() == '=') signature.remove_suffix(1);
  const auto key = header_json.find("\"alg\"");
  const auto open = header_json.find('"', header_json.find(':', key));
  const auto close = open == std::string_view::npos ? open : header_json.find('"', open + 1);
  if (key == std::string_view::npos || close == std::string_view::npos) return true;
  const std::string_view alg = header_json.substr(open + 1, close - open - 1);
  struct fixed { const char* alg; std::size_t length; };
  static constexpr fixed kFixed[] = {{"HS256", 43}, {"HS384", 64}, {"HS512", 86}, {"ES256", 86}, {"ES256K", 86},
                                     {"ES384", 128}, {"ES512", 176}};
  for (const fixed& f : kFixed)
    if (alg == f.alg) return signature.size() == f.length;
  if (alg == "EdDSA") return signature.size() == 86 || signature.size() == 152;  // Ed25519, Ed448
  if (alg == "none") return signature.empty();
  if (alg.size() == 5 && (starts_with(alg, "RS") || starts_with(alg, "PS")))
    return signature.size() == 171 || signature.size() == 342 || signature.size() == 512 || signature.size() == 683;
  return true;
}

// Whether a JWT's claims (JSON) are a signed document rather than a
// credential: they name no one and grant nothing. None of the registered
// claims (RFC 7519 4.1), and no field whose name is about a user, client,
// role, key, session or grant (Rocket.Chat's list of supported server
// versions, signed so that its apps can check it with a public key). A
// document carries data: 256 bytes of claims or more (`{"a":1,"b":2}` under a
// test's Bearer header is still a token).
bool signed_document(std::string_view claims) {
  if (claims.size() < 256) return false;
  int names = 0;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    if (claims[i] != '"') continue;
    std::size_t end = i + 1;
    while (end < claims.size() && claims[end] != '"') end += claims[end] == '\\' ? 2 : 1;
    if (end >= claims.size()) return false;
    std::size_t next = end + 1;
    while (next < claims.size() && std::isspace(static_cast<unsigned char>(claims[next]))) ++next;
    if (next < claims.size() && claims[next] == ':') {
      ++names;
      const std::string name = to_lower_ascii(claims.substr(i + 1, end - i - 1));
      for (const char* registered : {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})
        if (name == registered) return false;
      for (const char* word : {"user", "uid", "role", "scope", "session", "account", "email", "client", "tenant",
                               "key", "token", "perm", "grant", "auth", "login", "owner", "admin", "access",
                               "identit", "licen", "secret", "pass", "org", "team", "group", "principal", "device",
                               "app", "name"})
        if (name.find(word) != std::string::npos) return false;
      if (ends_with(name, "id")) return false;
    }
    i = end;
  }
  return names > 0;
}

// JSON text with its blanks taken out, so that `"role": "anon"` and
// `"role":"anon"` read alike.
std::string without_blanks(std::string_view json) {
  std::string out;
  for (char c : json)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool jwt(std::string_view secret, std::string_view) {
  const auto d1 = secret.find('.');
  if (d1 == std::string_view::npos) return false;
  const auto d2 = secret.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  const auto header = secret.substr(0, d1);
  const auto payload = secret.substr(d1 + 1, d2 - d1 - 1);
  std::string decoded;
  if (!base64_decode(header, decoded, true)) return false;
  if (decoded.find("\"alg\"") == std::string::npos) return false;
  if (!decode_json_object_b64url(header) || !decode_json_object_b64url(payload)) return false;
  if (!signature_fits(decoded, secret.substr(d2 + 1))) return false;
  // jwt.io's sample subject ("sub":"1234567890","name":"John Doe"), copied
  // into tutorials with its claims and algorithm edited: a demonstration,
  // signed with the key the page shows.
  std::string claims;
  if (!base64_decode(payload, claims, true)) return false;
  const bool sample = claims.find("\"1234567890\"") != std::string::npos && claims.find("\"John Doe\"") != std::string::npos;
  // Supabase's anon key ("role":"anon", issued by Supabase): public by design,
  // shipped to every browser (NEXT_PUBLIC_SUPABASE_ANON_KEY); its service_role
  // key is the secret one.
  const std::string squeezed = without_blanks(claims);
  const bool anon_key = squeezed.find("\"role\":\"anon\"") != std::string::npos && squeezed.find("\"iss\":\"supabase") != std::string::npos;
  // ... and BigCommerce's GraphQL Storefront tokens ("iss":"BC" with the
  // origins allowed to use them, "cors"), made for the shop's pages.
  const bool storefront = squeezed.find("\"iss\":\"BC\"") != std::string::npos && squeezed.find("\"cors\":[") != std::string::npos;
  return !sample && !anon_key && !storefront && !signed_document(claims) &&
         !signed_with_published_key(decoded, secret.substr(0, d2), secret.substr(d2 + 1));
}

// A JWE in compact form (RFC 7516 7.1): header.key.iv.ciphertext.tag, the
// header a JSON object naming its "alg" and "enc"; the key empty for direct
// encryption ("dir", ECDH-ES), else 22 characters or more; the IV 96 bits
// (GCM) or 128 (CBC), the tag 128 bits (GCM) or half the HMAC (A128/192/256CBC-HS).
// And a token inside: a nested JWT ("cty":"JWT", Cognito's refresh tokens) or
// a session encrypted under the server's own key ("dir", NextAuth.js). Other
// JWEs are data sealed for a recipient, made to be committed (Drone's
// `.drone.sec`, a JOSE library's test vectors) or a key sealed under a
// password (step-ca's `encryptedKey`, "cty":"jwk+json").
bool jwe(std::string_view secret, std::string_view) {
  std::string_view parts[5];
  std::size_t begin = 0;
  for (int k = 0; k < 5; ++k) {
    const std::size_t dot = k < 4 ? secret.find('.', begin) : secret.size();
    if (dot == std::string_view::npos) return false;
    parts[k] = secret.substr(begin, dot - begin);
    begin = dot + 1;
  }
  if (secret.find('.', parts[4].data() - secret.data()) != std::string_view::npos) return false;
  std::string header;
  if (!decode_json_object_b64url(parts[0]) || !base64_decode(parts[0], header, /*url_safe=*/true)) return false;
  if (header.find("\"enc\"") == std::string::npos || header.find("\"alg\"") == std::string::npos) return false;
  const bool dir = header.find("\"dir\"") != std::string::npos;
  const bool direct = dir || header.find("\"ECDH-ES\"") != std::string::npos;
  if (direct ? !parts[1].empty() : parts[1].size() < 22) return false;
  const std::string squeezed = to_lower_ascii(without_blanks(header));  // "cty" however it is spaced or cased
  if (!dir && squeezed.find("\"cty\":\"jwt\"") == std::string::npos) return false;
  if (parts[2].size() != 16 && parts[2].size() != 22) return false;
  if (parts[4].size() != 22 && parts[4].size() != 32 && parts[4].size() != 43) return false;
  return parts[3].size() >= 16;
}

bool pem_private_key(std::string_view secret, std::string_view) {
  const auto begin = secret.find("-----BEGIN ");
  if (begin == std::string_view::npos) return false;
  const auto label_start = begin + 11;
  const auto label_end = secret.find("-----", label_start);
  if (label_end == std::string_view::npos) return false;
  const auto label = secret.substr(label_start, label_end - label_start);
  if (label.find("PRIVATE KEY") == std::string_view::npos) return false;
  const std::string end_marker = "-----END " + std::string(label) + "-----";
  const auto end = secret.find(end_marker, label_end + 5);
  if (end == std::string_view::npos) return false;
  // Body: drop RFC 1421 header lines ("Proc-Type: ...", "DEK-Info: ..."),
  // whitespace, and the literal "\n" escapes of a key pasted into JSON.
  std::string body;
  bool has_headers = false;
  const std::string_view raw = secret.substr(label_end + 5, end - label_end - 5);
  std::size_t i = 0;
  while (i < raw.size()) {
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size() && (raw[i + 1] == 'n' || raw[i + 1] == 'r')) {
      i += 2;
      continue;
    }
    if (c == ':') {  // a header line: discard what we collected of it
      has_headers = true;
      const auto line_start = body.rfind('\n');
      body.erase(line_start == std::string::npos ? 0 : line_start + 1);
      while (i < raw.size() && raw[i] != '\n') ++i;
      continue;
    }
    if (c == '\n') body += '\n';
    else if (!std::isspace(static_cast<unsigned char>(c))) body += c;
    ++i;
  }
  body.erase(std::remove(body.begin(), body.end(), '\n'), body.end());
  std::string decoded;
  if (!base64_decode(body, decoded) || decoded.size() < 64) return false;
  // What the body must decode to: a DER SEQUENCE for PKCS#1, SEC 1, DSA and
  // PKCS#8 keys (encrypted PKCS#8 too), OpenSSH's magic for its own format.
  // A body of "AAAA..." or random base64 ("bad content" in a test) is
  // neither. A legacy encrypted PEM (Proc-Type headers) holds ciphertext.
  if (has_headers) return true;
  if (label == "OPENSSH PRIVATE KEY") return starts_with(decoded, std::string_view("openssh-key-v1\0", 15));
  for (const char* der : {"RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
    if (label == der) return static_cast<unsigned char>(decoded[0]) == 0x30;
  return true;
}

// A private key's DER encoding in base64 without the PEM armour (a Keycloak
// realm export's "privateKey", a payment SDK's merchant key in one string): a
// SEQUENCE whose length is exactly what the text decodes to, opening with
// the INTEGER version 0 (PKCS#1, PKCS#8) or 1 (SEC 1). A truncated
// documentation key, or a made-up body after a real key's first bytes, does not
// add up.
bool der_private_key(std::string_view secret, std::string_view) {
  std::string der;
  if (!base64_decode(secret, der) || der.size() < 64) return false;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(der[i]); };
  if (byte(0) != 0x30) return false;
  std::size_t header = 2, length = byte(1);
  if (length == 0x81) {
    header = 3;
    length = byte(2);
  } else if (length == 0x82) {
    header = 4;
    length = (static_cast<std::size_t>(byte(2)) << 8) | byte(3);
  } else if (length >= 0x80) {
    return false;
  }
  if (header + length != der.size()) return false;
  return byte(header) == 0x02 && byte(header + 1) == 0x01 && byte(header + 2) <= 0x01;
}

// A Webex (formerly Cisco Spark) access token without the org suffix newer
// tokens carry: 64 base64 characters of 48 bytes of text, a UUID run on by
// 8 more hex digits, '-' and 3 hex digits.
bool webex_token(std::string_view secret, std::string_view) {
  std::string text;
  if (secret.size() != 64 || !base64_decode(secret, text) || text.size() != 48) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23 || i == 44;
    if (dash ? text[i] != '-' : !(is_digit(text[i]) || (text[i] >= 'a' && text[i] <= 'f'))) return false;
  }
  return true;
}

bool base64_value(std::string_view secret, std::string_view) {
  std::string decoded;
  return base64_decode(secret, decoded) && decoded.size() >= 16;
}

// An Amazon SES SMTP password: base64 of the version byte 4 and the 32 bytes
// of an HMAC-SHA256 derived from an IAM secret key (AWS's documented
// conversion). A base64 password of the same length starts so once in 256.
bool ses_smtp_password(std::string_view secret, std::string_view) {
  std::string decoded;
  return base64_decode(secret, decoded) && decoded.size() == 33 && decoded[0] == 4;
}

// A Grafana data source's custom header value that names a tenant rather
// than holding a credential: a short lower-case word under httpHeaderValueN
// ("tenant1" for the X-Scope-OrgID header Loki, Mimir and Tempo route by).
// A header's key or token is longer or mixed-case; passwords are not judged.
bool header_value_not_tenant(std::string_view secret, std::string_view match) {
  const auto header = match.find("httpHeaderValue");
  if (header == std::string_view::npos || match.find(secret, header) == std::string_view::npos) return true;
  return !(secret.size() < 20 && std::all_of(secret.begin(), secret.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_';
  }));
}

// A made-up pair written into a test ("foo:bar", "user:pass",
// "user:password-encoded"): a stand-in user name beside a password that is a
// stand-in too or starts by saying what it is.
bool stand_in_pair(std::string_view user, std::string_view password) {
  // The password read with its digits and signs as the letters they stand
  // for ("p4ssw0rd", "p@ssword").
  std::string p = to_lower_ascii(password);
  for (char& c : p) {
    static constexpr char kLeet[][2] = {{'4', 'a'}, {'@', 'a'}, {'0', 'o'}, {'3', 'e'}, {'1', 'i'}, {'$', 's'}, {'5', 's'}};
    for (const auto& swap : kLeet)
      if (c == swap[0]) c = swap[1];
  }
  const std::string u = to_lower_ascii(user);
  bool stand_in_user = false;
  for (const char* w : {"foo", "user", "username", "login", "myuser", "testuser"}) stand_in_user = stand_in_user || u == w;
  return stand_in_user && (p == "bar" || p == "secret" || starts_with(p, "pas") || starts_with(p, "pw"));
}

// HTTP Basic credentials (RFC 7617): base64 of printable "user:password" with
// both parts present. An opaque base64 token under an *auth name is not one.
bool basic_credentials(std::string_view secret, std::string_view) {
  std::string decoded;
  if (!base64_decode(secret, decoded)) return false;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == decoded.size()) return false;
  if (decoded[0] == '{') return false;  // JSON ({"username":...}), not user:password
  // Line breaks allowed: Google's registries take "_json_key:" and a service
  // account's key file, newlines and all.
  if (!std::all_of(decoded.begin(), decoded.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u >= 0x20 && u != 0x7f) || c == '\n' || c == '\r' || c == '\t';
      }))
    return false;
  // Text, not bytes: a 40-hex checksum under a name ending in "Auth" (a
  // Podfile.lock's `FirebaseAuth: <sha1>`) decodes to bytes that may hold a
  // ':' and no control character, but are no UTF-8, half of them over 0x7f.
  // One stray byte in ASCII text (a character mistyped in the base64) is
  // still a login.
  if (first_invalid_utf8(decoded) != std::string::npos &&
      std::count_if(decoded.begin(), decoded.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) * 10 >
          static_cast<std::ptrdiff_t>(decoded.size()))
    return false;
  // "my_username:my_password" is documentation, not a login.
  const std::string_view password = std::string_view(decoded).substr(colon + 1);
  std::string word;
  for (char c : password)
    if (c != '_' && c != '-') word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : {"password", "mypassword", "yourpassword", "pass", "passwd", "secret", "mysecret"})
    if (word == w) return false;
  if (stand_in_pair(std::string_view(decoded).substr(0, colon), password)) return false;
  return password.size() < 4 || !is_placeholder(password);
}

// The string values of `"key": "..."` in JSON text, escapes left as written.
std::vector<std::string_view> json_string_values(std::string_view json, std::string_view key) {
  std::vector<std::string_view> values;
  const std::string quoted = '"' + std::string(key) + '"';
  for (auto at = json.find(quoted); at != std::string_view::npos; at = json.find(quoted, at + 1)) {
    std::size_t i = at + quoted.size();
    while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    if (i >= json.size() || json[i] != ':') continue;
    ++i;
    while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    if (i >= json.size() || json[i] != '"') continue;
    const std::size_t begin = ++i;
    while (i < json.size() && json[i] != '"') i += json[i] == '\\' ? 2 : 1;
    if (i <= json.size()) values.push_back(json.substr(begin, std::min(i, json.size()) - begin));
  }
  return values;
}

// A base64 Docker config (a pull secret's .dockerconfigjson or .dockercfg)
// that holds a credential: an "auth" of user:password, a password, or an
// identity/registry token. One whose only entries are empty ("e30=" is {}),
// stand-ins (foo/bar) or not user:password at all is test data.
bool docker_config_json(std::string_view secret, std::string_view match) {
  std::string decoded;
  if (!base64_decode(secret, decoded)) return false;
  for (std::string_view auth : json_string_values(decoded, "auth"))
    if (basic_credentials(auth, match)) return true;
  const auto users = json_string_values(decoded, "username");
  const auto passwords = json_string_values(decoded, "password");
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    const std::string_view user = i < users.size() ? users[i] : std::string_view();
    if (passwords[i].size() >= 4 && !is_placeholder(passwords[i]) && !stand_in_pair(user, passwords[i])) return true;
  }
  for (const char* token : {"identitytoken", "registrytoken"})
    for (std::string_view value : json_string_values(decoded, token))
      if (value.size() >= 8 && !is_placeholder(value)) return true;
  return false;
}

// A Basic header's user:password whose password is a word written where one
// goes ("valid@example.com:password"); an empty password (an API key sent as
// the user name) and text that is not user:password are left to the rule.
bool basic_password_not_placeholder(std::string_view secret, std::string_view match) {
  std::string decoded;
  if (!base64_decode(secret, decoded)) return true;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return true;
  // An e-mail address with no password ("user@example.com:") is a login
  // form's first half, not an API key sent as the user name.
  if (colon + 1 == decoded.size()) return decoded.find('@') == std::string::npos;
  return basic_credentials(secret, match);
}

bool hex_value(std::string_view secret, std::string_view) { return all_of(secret, is_hex); }

bool ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    std::size_t n = 0;
    int value = 0;
    while (n < s.size() && n < 4 && std::isdigit(static_cast<unsigned char>(s[n]))) value = value * 10 + (s[n++] - '0');
    if (n == 0 || n > 3 || value > 255) return false;
    ++parts;
    s.remove_prefix(n);
    if (s.empty()) return parts == 4;
    if (s.front() != '.' || parts == 4) return false;
    s.remove_prefix(1);
  }
}

// An Azure SAS whose signed fields before sig= are well formed: sp= holds
// only permission letters (racwdxyltfmeopiu, the union over the services) and
// sip= is an IPv4 address or range. Azure refuses any other value, so a
// signature beside one was never issued.
bool azure_sas_fields(std::string_view, std::string_view match) {
  std::size_t at = 0;
  while (at <= match.size()) {
    std::size_t end = match.find_first_of("&?", at);
    if (end == std::string_view::npos) end = match.size();
    std::string_view field = match.substr(at, end - at);
    while (!field.empty() && std::strchr("=; \t\r\n", field.front())) field.remove_prefix(1);
    const auto eq = field.find('=');
    if (eq != std::string_view::npos) {
      std::string name(field.substr(0, eq));
      std::transform(name.begin(), name.end(), name.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      const std::string_view value = field.substr(eq + 1);
      if (name == "sp" && (value.empty() || value.find_first_not_of("racwdxyltfmeopiu") != std::string_view::npos))
        return false;
      if (name == "sip") {
        const auto dash = value.find('-');
        if (!ipv4(value.substr(0, dash)) || (dash != std::string_view::npos && !ipv4(value.substr(dash + 1))))
          return false;
      }
    }
    at = end + 1;
  }
  return true;
}

int char_classes(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  return lower + upper + digit + other;
}

struct letter_classes { bool lower = false, upper = false, digit = false; };

letter_classes classes_of(std::string_view secret) {
  letter_classes seen;
  for (char ch : secret) {
    const auto c = static_cast<unsigned char>(ch);
    seen.lower |= std::islower(c) != 0;
    seen.upper |= std::isupper(c) != 0;
    seen.digit |= std::isdigit(c) != 0;
  }
  return seen;
}

bool mixed_case_or_digits(std::string_view secret, std::string_view) {
  const letter_classes seen = classes_of(secret);
  return (seen.lower + seen.upper + seen.digit) >= 2;
}

// Both cases: a random key of 20 characters or more over [A-Za-z0-9_-] has
// them; a name in capitals does not ("YOU_GOT_THIS_FROM_STEP-3" where a
// guide's client secret goes).
bool mixed_case(std::string_view secret, std::string_view) {
  const letter_classes seen = classes_of(secret);
  return seen.lower && seen.upper;
}

// A letter past 'f': a key of 32 characters over [a-z0-9] holds one but once
// in ~180 million; a hex digest in the same place (a module's MD5 checksums
// beside file names that spell a vendor) never does.
bool not_hex(std::string_view secret, std::string_view match) { return !hex_value(secret, match); }

// Random keys of a dozen characters or more drawn from [A-Za-z0-9] contain all
// three; identifiers and words rarely do.
bool upper_lower_digit(std::string_view secret, std::string_view) {
  const letter_classes seen = classes_of(secret);
  return seen.lower && seen.upper && seen.digit;
}

bool looks_like_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

// Whether every comma-separated part of `s` from `start` on is name=value
// ("min=12,upper=1"), name:value ("rolekey:inrole") or a mount option's flag
// ("rw", "noatime"): a list of settings, not a secret.
bool settings_from(std::string_view s, std::size_t start, char separator = ',') {
  while (start <= s.size()) {
    const auto comma = std::min(s.find(separator, start), s.size());
    const std::string_view part = s.substr(start, comma - start);
    if (!part.empty() && part.size() <= 12 &&
        std::all_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      start = comma + 1;
      continue;
    }
    // name=value, or name:value ("passwordkey:password,rolekey:inrole" maps fields).
    auto eq = part.find('=');
    if (eq == std::string_view::npos) eq = part.find(':');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 >= part.size() ||
        !std::isalpha(static_cast<unsigned char>(part[0])) ||
        !std::all_of(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(eq), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
        }))
      return false;
    start = comma + 1;
  }
  return true;
}

}  // namespace

std::size_t settings_start(std::string_view value) noexcept {
  for (auto comma = value.find(','); comma != std::string_view::npos; comma = value.find(',', comma + 1))
    if (comma > 0 && settings_from(value, comma + 1)) return comma;
  return std::string_view::npos;
}

namespace {

bool upper_case_name(std::string_view s) noexcept;  // below, beside the placeholder filter
bool is_crypt_hash(std::string_view secret) noexcept;  // below
bool next_in_order(char a, char b, int step) noexcept;  // below

// The name of a credential, not the credential: lower-case words (a digit may
// be among their letters) joined by '_', '-' or ':', three or more, the last
// a credential's. A variable read in code ("google_oauth2_access_token"), the
// Kubernetes Secret a chart's values point at ("airflow-cluster1-mysql-credentials"),
// a Secret and its key ("airflow-secret:postgres_credentials").
bool credential_name(std::string_view s) noexcept {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  int parts = 0;
  std::string_view last;
  for (std::size_t b = 0; b <= s.size();) {
    const std::size_t e = std::min(s.find_first_of("_-:", b), s.size());
    last = s.substr(b, e - b);
    if (last.empty() || !std::all_of(last.begin(), last.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }))
      return false;
    ++parts;
    b = e + 1;
  }
  if (parts < 3) return false;
  for (const char* word : {"token", "tokens", "key", "keys", "secret", "secrets", "password", "passwords", "passwd", "pwd",
                           "credential", "credentials", "creds"})
    if (last == word) return true;
  return false;
}

// Code that names a value instead of holding one: a qualified name with two
// or more separators ("module.iam_user.password", "BCrypt::Engine.salt",
// "this.options?.jwt_secret"), or a Ruby instance variable ("@original_algos").
bool code_reference(std::string_view s) {
  const auto identifier_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (s.size() > 1 && s[0] == '@')
    return std::all_of(s.begin() + 1, s.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    }) && identifier_start(s[1]);
  // A Go or C pointer dereference ("*DefaultPass", "*cfg.Password") or a
  // YAML alias ("*smtp_password"): letters only, with a field access, a
  // word joined by '_' or '-', or a camelCase word boundary.
  if (s.size() > 2 && s[0] == '*' && identifier_start(s[1])) {
    bool boundary = false;
    for (std::size_t k = 1; k < s.size(); ++k) {
      const auto c = static_cast<unsigned char>(s[k]);
      if (!std::isalpha(c) && c != '_' && c != '.' && c != '-') return false;
      boundary = boundary || c == '.' || c == '_' || c == '-' ||
                 (std::isupper(c) && std::islower(static_cast<unsigned char>(s[k - 1])));
    }
    return boundary;
  }
  int separators = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!identifier_start(s[i])) return false;  // every segment starts like an identifier
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    if (i == s.size()) break;
    if (s[i] == '.') i += 1;
    else if (s.substr(i, 2) == "::" || s.substr(i, 2) == "?.") i += 2;  // "?." JavaScript's optional chaining
    else return false;
    ++separators;
    if (i == s.size()) return false;
  }
  return separators >= 2;
}

// Code around a name rather than a value: a member read before a logical
// operator, as minified JavaScript has it ("g.userPassword||"); a PHP static
// call or constant of a namespaced class (\Crypt::decrypt); a Laravel route
// action ("ChangePasswordController@postIndex"); a regular expression's
// leading ".*" ("s@DB_PASSWORD=.*@..." in a sed command).
bool code_expression(std::string_view s) {
  const auto identifier = [](std::string_view part, bool dots) {
    return !part.empty() && (std::isalpha(static_cast<unsigned char>(part[0])) || part[0] == '_' || part[0] == '$') &&
           std::all_of(part.begin(), part.end(), [&](char c) { return is_alnum(c) || c == '_' || c == '$' || (dots && c == '.'); });
  };
  for (const char* op : {"||", "&&", "??"})
    if (ends_with(s, op)) {
      const std::string_view member = s.substr(0, s.size() - 2);
      if ((member.find('.') != std::string_view::npos && identifier(member, true)) || code_reference(member)) return true;
    }
  // Optional chaining ("currentSettings?.enabled"): identifiers joined by "?." or ".".
  if (const auto at = s.find("?."); at != std::string_view::npos && at > 0 && identifier(s.substr(0, at), true) &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at) + 2, s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '?'; }))
    return true;
  if (s.size() > 4 && s[0] == '\\' && s.find("::") != std::string_view::npos &&
      std::all_of(s.begin() + 1, s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '\\' || c == ':'; }))
    return true;
  if (const auto at = s.find("Controller@"); at != std::string_view::npos) {
    const std::string_view method = s.substr(at + 11);
    if (identifier(s.substr(0, at + 10), false) && identifier(method, false)) return true;
  }
  return starts_with(s, ".*");
}

// Lower-case identifiers joined by dots ("rsa_keypair.public",
// "pyotp.random_base32"): at least one dot, every part starting with a letter
// or '_' and holding only [a-z0-9_].
bool lower_case_attribute(std::string_view s) {
  if (s.find('.') == std::string_view::npos) return false;
  for (std::size_t b = 0; b <= s.size();) {
    const std::size_t e = std::min(s.find('.', b), s.size());
    if (e == b || !((s[b] >= 'a' && s[b] <= 'z') || s[b] == '_')) return false;
    for (std::size_t i = b; i < e; ++i)
      if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return false;
    b = e + 1;
  }
  return true;
}

// Where the last word of a camelCase or PascalCase name starts: its last capital
// (npos when it has none).
std::size_t last_capital(std::string_view s) {
  for (std::size_t i = s.size(); i > 0; --i)
    if (s[i - 1] >= 'A' && s[i - 1] <= 'Z') return i - 1;
  return std::string_view::npos;
}

// Whether a capitalised word of a name names a credential ("Password", "Token", "Key").
bool credential_word(std::string_view word) {
  for (const char* name : {"Pwd", "Pass", "Password", "Passwd", "Secret", "Token", "Key"})
    if (word == name) return true;
  return false;
}

// Calls `part` for each '/'-separated part of a path; a leading '/' opens no part.
template <class Fn>
void for_each_path_part(std::string_view s, Fn part) {
  for (std::size_t from = !s.empty() && s[0] == '/' ? 1 : 0; from <= s.size();) {
    const std::size_t end = std::min(s.find('/', from), s.size());
    part(s.substr(from, end - from));
    from = end + 1;
  }
}

// A pod's name as CocoaPods writes it ("1PasswordExtension", "FirebaseAuth"):
// letters and digits, capitalised or led by a digit, its last capitalised word
// naming no credential.
bool pod_name(std::string_view s) {
  if (s.size() < 4 || !(std::isupper(static_cast<unsigned char>(s[0])) || is_digit(s[0])) ||
      !std::all_of(s.begin(), s.end(), is_alnum))
    return false;
  const std::size_t last = last_capital(s);
  return last != std::string_view::npos && last + 1 < s.size() && !credential_word(s.substr(last));
}

// A field of an object read in code ("es2Resp.SecretAccessKey", "cfg.DB.Password"):
// identifiers joined by dots, the last one in PascalCase and ending in a word that
// names a credential (Go's exported fields, C#'s properties).
bool credential_field_read(std::string_view s) {
  const std::size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
  const std::string_view head = s.substr(0, dot), field = s.substr(dot + 1);
  if (!(std::isalpha(static_cast<unsigned char>(head[0])) || head[0] == '_') ||
      !std::all_of(head.begin(), head.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.'; }) ||
      head.find("..") != std::string_view::npos || head.back() == '.')
    return false;
  if (!(field[0] >= 'A' && field[0] <= 'Z') || !std::all_of(field.begin(), field.end(), is_alnum)) return false;
  const std::string_view word = field.substr(last_capital(field));
  return credential_word(word) || word == "Credential" || word == "Credentials";
}

// `s` without the separators names are written with ("api_key", "api-key",
// "api.key" all read "apikey").
std::string without_separators(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != '.') out += c;
  return out;
}

// A list of input validation rules ("required|string|min:6" in a Laravel
// validator, "required|same:confirm-password"): one or more "|"-separated
// lower-case rule names, each maybe with ":" arguments.
bool validation_rules(std::string_view s) {
  if (std::count(s.begin(), s.end(), '|') == 0) {
    // One rule alone, when it is one of Laravel's conditional rules and
    // names the fields it depends on ("required_unless:mail_driver,log").
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon + 1 == s.size()) return false;
    const std::string_view rule = s.substr(0, colon);
    for (const char* known : {"required_if", "required_unless", "required_with", "required_with_all",
                              "required_without", "required_without_all", "exclude_if", "exclude_unless",
                              "prohibited_if", "prohibited_unless", "missing_if", "missing_unless", "same",
                              "different"})
      if (rule == known)
        return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(colon) + 1, s.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ',' || c == '.' || c == '-';
        });
    return false;
  }
  // "'required|confirmed|'.Setting::rules()": a list continued by concatenation.
  if (s.back() == '|' && s.size() > 1) s.remove_suffix(1);
  for (std::size_t b = 0; b <= s.size();) {
    const std::size_t e = std::min(s.find('|', b), s.size());
    const std::string_view rule = s.substr(b, e - b);
    const std::size_t colon = std::min(rule.find(':'), rule.size());
    // Rule names are lower-case words, or camelCase for an application's own
    // rules ("required|currentPassword").
    if (colon == 0 || !(rule[0] >= 'a' && rule[0] <= 'z') ||
        !std::all_of(rule.begin(), rule.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
        }))
      return false;
    b = e + 1;
  }
  return true;
}

// A value whose leading part says it is a publishable key: "pk" or "pub" as
// its first or second "_"-separated part, before a "live"/"test" environment
// ("pk_live_...", "pk_test_...", "live_pub_...", "test_pub_..."). Lower case.
bool publishable_key(std::string_view lower) {
  // PostHog's project keys ("phc_") are sent by its browser snippet, and
  // Razorpay's key ids ("rzp_test_") are its Checkout's `key` option (the
  // live ones have a rule of their own, razorpay-live-key-id).
  for (const char* head : {"pk_live_", "pk_test_", "live_pub_", "test_pub_", "phc_", "rzp_test_", "rzp_live_"})
    if (starts_with(lower, head) && lower.size() > std::strlen(head)) return true;
  // Paddle's client-side tokens ("live_" or "test_" and 27 hex digits, the `token` of
  // Paddle.Initialize), made to be published in checkout pages.
  if (lower.size() == 32 && (starts_with(lower, "live_") || starts_with(lower, "test_")) && all_of(lower.substr(5), is_hex))
    return true;
  return false;
}

// Razorpay's ids of a saved card's token, a customer, a payment, an order
// ("token_" and 14 letters and digits): what an API response or its
// documentation names, usable only with the account's key.
bool razorpay_entity_id(std::string_view s) {
  for (const char* type : {"token_", "cust_", "pay_", "order_", "sub_", "plan_", "inv_", "card_", "rfnd_", "plink_"}) {
    const std::size_t n = std::strlen(type);
    if (s.size() == n + 14 && starts_with(s, type) && all_of(s.substr(n), is_alnum)) return true;
  }
  return false;
}

// Whether one of the letter-only words of `lower` (split at every other
// character) is one of `words`.
bool holds_word(std::string_view lower, std::initializer_list<const char*> words) {
  for (std::size_t b = 0; b < lower.size();) {
    while (b < lower.size() && !std::isalpha(static_cast<unsigned char>(lower[b]))) ++b;
    std::size_t e = b;
    while (e < lower.size() && std::isalpha(static_cast<unsigned char>(lower[e]))) ++e;
    const std::string_view word = lower.substr(b, e - b);
    for (const char* w : words)
      if (word == w) return true;
    b = e;
  }
  return false;
}

// Flagsmith's client-side environment keys, which its SDKs send from browsers
// and apps (its documentation calls them safe to expose): sent as the
// X-Environment-Key header or set under a FLAGSMITH_ name. Its server-side
// keys, "ser." and the rest, are secrets.
bool flagsmith_client_key(std::string_view context_lower, std::string_view value) {
  return !starts_with(value, "ser.") && (context_lower.find("x-environment-key") != std::string_view::npos ||
                                         context_lower.find("flagsmith") != std::string_view::npos);
}

// For rules outside the catch-alls (a curl header): not a key of the kind above.
bool not_client_side_key(std::string_view secret, std::string_view match) {
  return !flagsmith_client_key(to_lower_ascii(match), secret);
}

// Whether `value` is the MD5, SHA-1 or SHA-256 (hex) or the MySQL 4.1 hash
// ("*" and SHA-1 of SHA-1, upper-case hex) of `word` or of a word every
// example hashes ("password", "secret", "hello", the empty string), also with
// the newline `echo` adds: a hash library's test vector (`("password",
// "5baa61e4...")`), a documented digest or an API sample's made-up token
// (Shopify's sample order: MD5 of "hello\n"), not a secret.
bool digest_of_word(std::string_view value, std::string_view word) {
  const bool mysql41 = value.size() == 41 && value[0] == '*';
  const std::string_view hex = mysql41 ? value.substr(1) : value;
  if ((hex.size() != 32 && hex.size() != 40 && hex.size() != 64) || !all_of(hex, is_hex)) return false;
  const std::string wanted = to_lower_ascii(hex);
  const EVP_MD* md = hex.size() == 32 ? EVP_md5() : hex.size() == 40 ? EVP_sha1() : EVP_sha256();
  const auto hashes_to = [&](std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &n, md, nullptr) != 1) return false;
    if (mysql41 && EVP_Digest(digest, n, digest, &n, md, nullptr) != 1) return false;
    return hex_encode(digest, n) == wanted;
  };
  for (std::string_view candidate : {word, std::string_view("password"), std::string_view("secret"),
                                     std::string_view("admin"), std::string_view("test"), std::string_view("123456"),
                                     std::string_view("changeme"), std::string_view("root"), std::string_view("hello"),
                                     std::string_view("hello world"), std::string_view("foo")}) {
    if (candidate.empty()) continue;
    if (hashes_to(candidate) || hashes_to(std::string(candidate) + "\n")) return true;
  }
  return hashes_to("") || hashes_to("\n");
}

// `s` split into words at capitals and digits, each word of two letters or
// more with a vowel ("newPrivateKey", "WindowsServiceIntro1"): false when a
// part is not such a word or `s` holds other characters. Random letters
// ("qTzvWbHkRm") have one-letter or vowelless parts.
bool word_parts(std::string_view s, int& words, int& digits) {
  words = digits = 0;
  for (std::size_t b = 0; b < s.size();) {
    if (is_digit(s[b])) {
      ++digits;
      ++b;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(s[b]))) return false;
    std::size_t e = b + 1;
    while (e < s.size() && std::islower(static_cast<unsigned char>(s[e]))) ++e;
    const std::string_view word = s.substr(b, e - b);
    if (word.size() < 2 || word.find_first_of("aeiouyAEIOUY") == std::string_view::npos) return false;
    ++words;
    b = e;
  }
  return true;
}

// Words in camelCase ("newPrivateKey"): a variable's name.
bool camel_case_words(std::string_view s) {
  int words = 0, digits = 0;
  return !s.empty() && std::islower(static_cast<unsigned char>(s[0])) && word_parts(s, words, digits) && digits == 0 &&
         words >= 2;
}

// An identifier of three words or more in camelCase or PascalCase, with at
// most two digits among them ("WindowsServiceIntro1", a localised string's
// id): a name. Random mixed-case keys have more digits.
bool identifier_words(std::string_view s) {
  int words = 0, digits = 0;
  return word_parts(s, words, digits) && words >= 3 && digits <= 2;
}

// A Base58Check string of 25 bytes whose checksum (the first four bytes of
// SHA-256 twice over the other 21) holds: a version byte and a 20-byte hash,
// the layout of Bitcoin, Litecoin, Dogecoin and TRON addresses. Keys in
// Base58Check (WIF, extended keys) are longer.
bool base58check_address(std::string_view s) {
  if (s.size() < 26 || s.size() > 35) return false;
  static constexpr std::string_view alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  unsigned char bytes[25] = {};
  for (char c : s) {
    const auto digit = alphabet.find(c);
    if (digit == std::string_view::npos) return false;
    unsigned carry = static_cast<unsigned>(digit);
    for (int i = 24; i >= 0; --i) {
      carry += 58u * bytes[i];
      bytes[i] = static_cast<unsigned char>(carry & 0xff);
      carry >>= 8;
    }
    if (carry != 0) return false;  // more than 25 bytes
  }
  // Each leading '1' stands for a zero byte; the number must fill the rest exactly.
  const auto ones = static_cast<std::size_t>(std::find_if(s.begin(), s.end(), [](char c) { return c != '1'; }) - s.begin());
  std::size_t zeros = 0;
  while (zeros < 25 && bytes[zeros] == 0) ++zeros;
  if (zeros != ones) return false;
  const std::string once = sha256_digest(std::string_view(reinterpret_cast<const char*>(bytes), 21));
  const std::string twice = sha256_digest(once);
  return std::memcmp(twice.data(), bytes + 21, 4) == 0;
}

// Code where a value would be: a call ("dict(type='str', no_log=True)" in an
// Ansible module's argument spec), maybe with the ',' or ';' after it.
bool code_call(std::string_view s) {
  while (!s.empty() && (s.back() == ',' || s.back() == ';')) s.remove_suffix(1);
  const auto open = s.find('(');
  if (open == std::string_view::npos || open < 2 || s.back() != ')') return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(open),
                     [](char c) { return is_alnum(c) || c == '_' || c == '.'; });
}

bool not_code_call(std::string_view secret, std::string_view) { return !code_call(secret); }

// A header that names no credential though its name ends in "token":
// Postman's per-request id ("Postman-Token: <uuid>"), which every request
// exported from Postman carries.
bool not_request_id(std::string_view, std::string_view match) {
  return to_lower_ascii(match).find("postman-token") == std::string::npos;
}

// What documentation writes in a password setting instead of a password: a
// host name ("domain.com", written in the wrong setting), maybe with a port
// or after a mailbox ("smtp.gmail.com:587" and the login beside the password
// in Nagios' resource macros), or letters naming what goes there
// ("IAMmailerSecret" beside "IAMmailerKey").
bool not_named_value(std::string_view secret, std::string_view) {
  // The setting's own word ("define( 'DB_PASSWORD', 'password' );" in a README's example).
  for (const char* word : {"password", "passwd", "pass", "secret"})
    if (iequals(secret, word)) return false;
  // ... a form's validation rule for the field, alone ("'database_password' => 'required'"
  // in a Laravel installer's controller).
  for (const char* rule : {"required", "nullable", "sometimes", "confirmed"})
    if (secret == rule) return false;
  // ... or the field's label in a translation ("Datenbank Passwort", "Mot de passe de la base
  // de données", "Пароль базы данных", "Hasło"): letters and single blanks, in another script
  // or naming a password or a database in some language. A passphrase of words ("correct horse
  // battery staple") stays.
  if (!secret.empty() && secret.find("  ") == std::string_view::npos && secret.front() != ' ' && secret.back() != ' ' &&
      std::all_of(secret.begin(), secret.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == ' ' || static_cast<unsigned char>(c) >= 0x80;
      })) {
    const std::string lower = to_lower_ascii(secret);
    if (std::any_of(secret.begin(), secret.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) ||
        (secret.find(' ') != std::string_view::npos &&
         holds_word(lower, {"password", "passwort", "passe", "wachtwoord", "wachtword", "senha", "parola", "heslo", "passord",
                            "losenord", "database", "datenbank", "db"})))
      return false;
  }
  // ... or those words run together in lower case ("senhadoemail", Portuguese for "the mail's
  // password", in a CodeIgniter email.php shipped to be filled in).
  if (std::all_of(secret.begin(), secret.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
    for (const char* word : {"senha", "contrasena", "motdepasse", "passwort", "wachtwoord", "kennwort", "salasana"})
      if (secret.find(word) != std::string_view::npos) return false;
  std::string_view host = secret;
  if (const auto at = host.find('@'); at != std::string_view::npos && at > 0 &&
      std::none_of(host.begin(), host.begin() + static_cast<std::ptrdiff_t>(at), [](char c) { return c == ' ' || c == ':'; }))
    host.remove_prefix(at + 1);
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos && colon + 1 < host.size() && host.size() - colon <= 6 &&
      std::all_of(host.begin() + static_cast<std::ptrdiff_t>(colon) + 1, host.end(), is_digit))
    host = host.substr(0, colon);
  const auto dot = host.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && host.size() - dot >= 3 && host.size() - dot <= 7 &&
      std::all_of(host.begin() + static_cast<std::ptrdiff_t>(dot) + 1, host.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      std::all_of(host.begin(), host.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.'; }))
    return false;
  if (std::all_of(secret.begin(), secret.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    for (const char* word : {"Secret", "Password", "Passwd", "Token", "Key"})
      if (secret.size() > std::strlen(word) + 2 && ends_with(secret, word)) return false;
  // ... or a lower-case name for the field ("db_pass", "submitty_course_dbpass"
  // beside "submitty_course_dbuser" in a test's settings array).
  if (secret.find('_') != std::string_view::npos &&
      std::all_of(secret.begin(), secret.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }))
    for (const char* word : {"pass", "password", "passwd", "pwd", "secret"})
      if (ends_with(secret, word)) return false;
  return true;
}

// Not a resource's name: lower-case words joined by '-' or '_', the first with a
// letter ("chat-app-backend", the Secret Manager secret a Terraform data block
// names where swanctl.conf would hold a PSK; "prod_db_2"). Unlike generic_value,
// letters alone in mixed case are still a password here ("DDdiGdVEkvELm" in a
// VPN's secrets section).
bool not_resource_name(std::string_view secret, std::string_view) {
  if (secret.find_first_of("-_") == std::string_view::npos) return true;
  std::size_t parts = 0;
  for (std::size_t b = 0; b <= secret.size();) {
    const std::size_t e = std::min(secret.find_first_of("-_", b), secret.size());
    const std::string_view part = secret.substr(b, e - b);
    if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }) ||
        (parts == 0 && std::none_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; })))
      return true;  // not lower-case words, or not starting with one
    ++parts;
    b = e + 1;
  }
  return parts < 2;
}

// A URL whose path holds a typed sequence where its ids go
// ("hooks/catch/123456/abcdef/" in a README): a segment of five or more
// characters each following the last ("123456", "abcdef").
bool url_path_not_placeholder(std::string_view secret, std::string_view) {
  const auto scheme = secret.find("://");
  std::size_t at = secret.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  while (at != std::string_view::npos) {
    const std::size_t end = std::min(secret.find('/', at + 1), secret.size());
    const std::string_view segment = secret.substr(at + 1, end - at - 1);
    bool ascending = segment.size() >= 5;
    for (std::size_t i = 1; ascending && i < segment.size(); ++i) ascending = next_in_order(segment[i - 1], segment[i], 1);
    if (ascending) return false;
    at = end < secret.size() ? end : std::string_view::npos;
  }
  return true;
}

// "2016-09-08", "2016-09-08T21:47:36Z", "2023-12-24 06:19:59.807+01:00":
// a date, and a time after it if anything follows.
bool iso_date_time(std::string_view s) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    return s.size() >= from + n && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from),
                                               s.begin() + static_cast<std::ptrdiff_t>(from + n), is_digit);
  };
  if (!digits(0, 4) || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2)) return false;
  if (s.size() == 10) return true;
  return (s[10] == 'T' || s[10] == ' ') && digits(11, 2) && s.size() > 13 && s[13] == ':' &&
         std::all_of(s.begin() + 14, s.end(), [](char c) { return is_digit(c) || std::strchr(":.+-Z", c) != nullptr; });
}

namespace {

// A capitalised name of two lower-case runs of three letters or more
// ("Pbkdf2HashVersion", "DefaultTimeout"), letters and digits only.
bool exported_name(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z') || !std::all_of(s.begin(), s.end(), is_alnum)) return false;
  int runs = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t e = i;
    while (e < s.size() && s[e] >= 'a' && s[e] <= 'z') ++e;
    if (e - i >= 3) ++runs;
    i = e > i ? e : i + 1;
  }
  return runs >= 2;
}

// The name of a hash or password-hashing algorithm ("scram-sha-256",
// "pbkdf2_sha256", "argon2id"), lower-case.
bool algorithm_name(std::string_view s) {
  if (s.size() > 24 || !std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      }))
    return false;
  for (const char* family : {"scram-sha-", "pbkdf2", "hmac-sha", "hmac_sha", "argon2", "bcrypt", "sha1", "sha256", "sha384",
                             "sha512", "sha3-", "md5"})
    if (starts_with(s, family)) return true;
  return false;
}

// Only what a Kubernetes object's name (DNS-1123) holds: lower-case letters,
// digits, '-' and '.'.
bool dns_name_chars(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.'; });
}

// A camelCase variable named for a credential ("sha512CryptPwd",
// "newAccessToken"): a lower-case start, letters and digits, and a last word
// that begins with a capital and names one.
bool credential_variable(std::string_view s) {
  if (s.size() < 5 || !(s[0] >= 'a' && s[0] <= 'z') || !std::all_of(s.begin(), s.end(), is_alnum)) return false;
  const std::size_t last = last_capital(s);
  return last != std::string_view::npos && credential_word(s.substr(last));
}

// Words in capitals joined by '_', five or more, all parts but one of them.
bool underscore_sentence(std::string_view s) {
  int words = 0, capitalised = 0;
  std::size_t from = 0;
  while (from <= s.size()) {
    const std::size_t end = std::min(s.find('_', from), s.size());
    const std::string_view part = s.substr(from, end - from);
    if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      return false;
    ++words;
    const auto letters = std::count_if(part.begin(), part.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    const auto digits = std::count_if(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    // A word: capitals with a vowel, few digits ("NEO4JCONFIG" is one, "QX7R" a key's group).
    if (letters >= 1 && 2 * digits <= letters && part.find_first_of("AEIOUY") != std::string_view::npos &&
        std::none_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      ++capitalised;
    from = end + 1;
  }
  return capitalised >= 5 && capitalised + 1 >= words;
}

}  // namespace

bool generic_value(std::string_view s, std::string_view match) {
  if (s.size() < 8) return false;
  // An unquoted value inside a JSON string ends with the string's escaped newline or tab
  // ("password=PASSWORD\n" in a notebook's source): judged without it.
  if (s.size() > 9 && s[s.size() - 2] == '\\' && (s.back() == 'n' || s.back() == 'r' || s.back() == 't'))
    return generic_value(s.substr(0, s.size() - 2), match);
  // An angle-bracketed placeholder written with an escape or an HTML entity
  // ("elastic_password = '\u003Cpassword>'" in a notebook's form field, its backslash
  // escaped again by the notebook's JSON).
  const std::size_t escapes = s.find_first_not_of('\\');
  if ((escapes > 0 && escapes != std::string_view::npos && iequals(s.substr(escapes, 5), "u003c")) ||
      iequals(s.substr(0, 4), "&lt;"))
    return false;
  // Base64 of a JSON object ("eyJ" encodes '{"') that is not a JWT: judged
  // by its fields. A file reference ({"folder":...,"filename":...} as a
  // download token) holds no credential; a key file encoded whole (a
  // service account's {"type":...,"private_key":...}) does.
  if (starts_with(s, "eyJ") && s.find('.') == std::string_view::npos && s.size() >= 16) {
    std::string decoded;
    const bool url_safe = s.find_first_of("-_") != std::string_view::npos;
    if (base64_decode(s, decoded, url_safe) && starts_with(decoded, "{\"") &&
        std::all_of(decoded.begin(), decoded.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
      const std::string fields = to_lower_ascii(decoded);
      bool names_a_secret = false;
      for (const char* word : {"key", "secret", "token", "pass", "pwd", "cred", "auth", "sig", "private", "nonce"})
        if (fields.find(word) != std::string::npos) names_a_secret = true;
      if (!names_a_secret) return false;
    }
  }
  // A base64 value (a Kubernetes Secret's data) is judged by what it
  // encodes: "cG9zdGdyZXM=" is "postgres", and "cG9zdGdyZXMK" the same with
  // the newline `echo | base64` adds. Random text decodes to printable ASCII
  // by chance with a probability under 10^-5 for 12 characters.
  if (s.size() % 4 == 0 && s.size() >= 12) {
    std::string decoded;
    const bool ok = base64_decode(s, decoded);
    while (ok && !decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
    if (ok && !decoded.empty() &&
        std::all_of(decoded.begin(), decoded.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
      // A JWT's header alone ({"alg":"HS256","typ":"JWT"}): public, the same in every token.
      if (starts_with(decoded, "{\"alg\"") || starts_with(decoded, "{\"typ\"")) return false;
      // A sentence that says it is made up ("this is a fake bearer token!").
      if (std::count(decoded.begin(), decoded.end(), ' ') >= 2 &&
          holds_word(to_lower_ascii(decoded), {"fake", "dummy", "example", "sample", "test", "mock", "bogus"}))
        return false;
      // Filler text ("some data" in a sample Secret's data).
      if (starts_with(decoded, "some ") &&
          std::all_of(decoded.begin(), decoded.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == ' '; }))
        return false;
      // A password hash stored in base64 (Home Assistant's auth provider keeps
      // bcrypt's "$2b$12$..." so): the hash, not the password. PostgreSQL's SCRAM
      // verifier likewise ("SCRAM-SHA-256$4096:<salt>$<stored key>:<server key>" in a
      // Secret's data for a managed role).
      if (decoded[0] == '$' && is_crypt_hash(decoded)) return false;
      if (starts_with(decoded, "SCRAM-SHA-") && decoded.find('$') != std::string::npos) return false;
      return !is_placeholder(decoded) && generic_value(decoded, match);
    }
  }
  // "--set a.password=mypassword,a.database=mydb": the value ends at the
  // first comma when name=value settings follow it.
  if (const auto comma = s.find(','); comma != std::string_view::npos && comma > 0 && settings_from(s, comma + 1))
    return generic_value(s.substr(0, comma), match);
  // A value read up to where an interpolation starts ("prefix-${SUFFIX}",
  // whose '{' ends the value): the secret is the variable's, not this text.
  if (s.back() == '$') {
    const auto at = match.rfind(s);
    if (at != std::string_view::npos && at + s.size() < match.size() &&
        (match[at + s.size()] == '{' || match[at + s.size()] == '('))
      return false;
  }
  // A template percent-encoded in a URL ("?key=%7Benv.SECRET%7D", Caddy's
  // {env.SECRET}): judged as the text it encodes.
  if (s.size() > 6 && s[0] == '%' && s[1] == '7' && (s[2] == 'B' || s[2] == 'b')) {
    std::string decoded;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size() && s[i + 1] == '7' && (s[i + 2] == 'B' || s[i + 2] == 'b' || s[i + 2] == 'D' || s[i + 2] == 'd')) {
        decoded += (s[i + 2] == 'B' || s[i + 2] == 'b') ? '{' : '}';
        i += 2;
      } else {
        decoded += s[i];
      }
    }
    return !is_placeholder(decoded) && generic_value(decoded, match);
  }
  // A format slot or an interpolation, whole ("password={args[3]}" in a
  // Python f-string, "Pwd={0}" for String.Format): filled in at run time. An
  // ODBC value in braces quotes a password holding ';' or '}', which these lack.
  if (s.size() >= 3 && s.front() == '{' && s.back() == '}' &&
      (std::isalnum(static_cast<unsigned char>(s[1])) || s[1] == '_') &&
      std::all_of(s.begin() + 1, s.end() - 1, [](char c) {
        return is_alnum(c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '\'' || c == '"';
      }))
    return false;
  // A name set in italics in Markdown ("password: *test_password*" in a
  // README's example): judged without the emphasis.
  if (s.size() > 4 && s.front() == '*' && s.back() == '*' && s[1] != '*')
    return generic_value(s.substr(1, s.size() - 2), match);
  // A Swift declaration's type ("var passwordTextField: UITextField!", an
  // implicitly unwrapped or optional outlet): a capitalised name of letters
  // ending in '!' or '?', after the name's ':'.
  if (s.size() > 3 && (s.back() == '!' || s.back() == '?') && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.end() - 1, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }) &&
      std::any_of(s.begin(), s.end() - 1, [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }) &&
      match.find(": " + std::string(s)) != std::string_view::npos)
    return false;
  // A Ruby method called for the value ("password = fetch_password!"): a
  // snake_case name ending in '!' or '?'.
  if (s.size() > 2 && (s.back() == '!' || s.back() == '?') && s.find('_') != std::string_view::npos &&
      std::all_of(s.begin(), s.end() - 1, [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }))
    return false;
  // A sentence joined by underscores ("neo4j_NOTE_FOR_NOW_IT_SEEMS_..." left
  // as a commented-out value's explanation): five or more words in capitals,
  // all but one part in capitals. Keys do not come as runs of capitalised words.
  if (underscore_sentence(s)) return false;
  // A resource's path ending in its UUID ("VideoSource40/v4/e3/48/1a/<uuid>"),
  // and a UUID with a time stamp in milliseconds ("<uuid>/1416998773458", an
  // upload session's id): ids.
  if (const auto slash = s.rfind('/'); slash != std::string_view::npos && slash > 0) {
    const std::string_view head = s.substr(0, slash), tail = s.substr(slash + 1);
    if (looks_like_uuid(tail) && std::count(head.begin(), head.end(), '/') >= 1) return false;
    if (looks_like_uuid(head) && tail.size() >= 10 && tail.size() <= 13 && all_of(tail, is_digit)) return false;
  }
  // A hash or authentication algorithm's name ("password_encryption:
  // scram-sha-256", "hasher: pbkdf2_sha256"): a setting, not a secret.
  if (algorithm_name(s)) return false;
  // A coin address (Bitcoin's "1...", TRON's "T..."): public by design.
  if (base58check_address(s)) return false;
  // ... and an Ethereum account's or contract's ("0x" and 40 hex digits, 20
  // bytes: a LINK token's address under `link_token:`); a private key is 32
  // bytes, 64 hex digits, and stays.
  if (s.size() == 42 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && std::all_of(s.begin() + 2, s.end(), is_hex))
    return false;
  // Cloud KMS ciphertext ("CiQA..." under a Cloud Build step's secretEnv): a
  // protobuf whose first field holds the 36-byte key version header, made to
  // be committed and useless without a decrypt permission.
  if (s.size() >= 64 && starts_with(s, "CiQA") && std::all_of(s.begin(), s.end(), [](char c) {
        return is_alnum(c) || c == '+' || c == '/' || c == '=';
      }))
    return false;
  // A BIP32 extended public key ("xpub..." and its kin: 111 base58 characters),
  // a wallet's watch-only key, public by design; its private twin ("xprv") stays.
  if (s.size() == 111 && s.substr(1, 3) == "pub" && std::strchr("xyztuvYZUV", s[0]) != nullptr &&
      std::all_of(s.begin(), s.end(), [](char c) {
        return is_alnum(c) && c != '0' && c != 'O' && c != 'I' && c != 'l';
      }))
    return false;
  const std::string lower = to_lower_ascii(s);
  // Erlang's ASN.1 compiler's default for an absent field ("oldPasswd = asn1_NOVALUE" in
  // an LDAP record).
  if (s == "asn1_NOVALUE" || s == "asn1_DEFAULT") return false;
  for (const char* word : {"true", "false", "null", "none", "nil", "undefined", "password", "secret",
                           "mypassword", "mysecretpassword", "mypass1234", "mysecret", "mytoken"})
    if (lower == word) return false;
  if (code_reference(s) || code_expression(s)) return false;
  // Code around a name: a negation ("showPassword = !showPassword" in a Vue
  // handler) or a string concatenation ("'+e.password+'" in minified code).
  if (s.size() > 1 && s[0] == '!' && std::all_of(s.begin() + 1, s.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.';
      }))
    return false;
  if (s.size() > 2 && s.front() == '+' && s.back() == '+') return false;
  // An unquoted value read up to the ',' or ';' that ends it in code
  // ("'JWT_SECRET_KEY': settings.SECRET_KEY,"): judged without it.
  if (s.size() > 8 && (s.back() == ',' || s.back() == ';')) return generic_value(s.substr(0, s.size() - 1), match);
  // Minified code running on after an empty field ("password:null,apiModifyVisible:!1,..."
  // in a webpack chunk): a literal, then the ',' or ';' that ends it.
  for (const char* literal : {"null", "undefined", "void 0", "!0", "!1", "true", "false", "None", "nil"}) {
    const std::size_t n = std::strlen(literal);
    if (s.size() > n && starts_with(s, literal) && (s[n] == ',' || s[n] == ';')) return false;
  }
  // A key masked in the middle ("SEC3f9a...xxx...c2" in a README): hex digits
  // around a run of x, maybe after a capital prefix; x is no hex digit.
  if (const auto x = s.find("xxx"); x != std::string_view::npos) {
    std::size_t from = 0;
    while (from < 4 && from < s.size() && s[from] >= 'A' && s[from] <= 'Z') ++from;
    const std::string_view body = s.substr(from);
    if (std::all_of(body.begin(), body.end(), [](char c) { return is_hex(c) || c == 'x'; }) &&
        std::count_if(body.begin(), body.end(), is_hex) >= 8)
      return false;
  }
  // A constant's name ("ERR_AUTHENTICATION_FAILURE_USER1" in a test's message).
  if (upper_case_name(s) && s.find_first_of("_-") != std::string_view::npos) return false;
  // The next line's setting, read past an empty value ("KAFKA_PASSWORD=" and
  // then "KAFKA_CA_CERT=" in a .env template): a name and '=' after a line break.
  if (s.size() > 2 && s.back() == '=' && upper_case_name(s.substr(0, s.size() - 1)) &&
      match.substr(0, match.rfind(s)).find('\n') != std::string_view::npos)
    return false;
  // Text in a script other than Latin (a translated message under a password
  // key): most of its bytes are UTF-8 sequences.
  if (std::count_if(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) * 2 >
      static_cast<std::ptrdiff_t>(s.size()))
    return false;
  // An attribute of an object written where a literal would be quoted
  // ("KEY=rsa_keypair.public," as a call's argument, "#secret=pyotp.random_base32()"
  // in a comment): lower-case words joined by dots, not in quotes.
  if (const auto at = match.rfind(s); at != std::string_view::npos && !(at > 0 && std::strchr("\"'`", match[at - 1])) &&
      (lower_case_attribute(s.back() == ',' || s.back() == ';' ? s.substr(0, s.size() - 1) : s) ||
       credential_field_read(s)))
    return false;
  if (s.find("://") != std::string_view::npos) return false;              // URL
  // A URN: a name, not a secret ("'userPassword' => 'urn:oid:2.5.4.35'" in SimpleSAMLphp's
  // attribute map, "urn:ietf:params:oauth:grant-type:jwt-bearer").
  if (const auto colon = lower.find(':', 4); starts_with(lower, "urn:") && colon != std::string::npos && colon > 4 &&
      std::all_of(lower.begin() + 4, lower.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
      }))
    return false;
  // A Google API key cut short ("AIza" and 34 characters in a demo page's Maps URL, where a
  // key has 35): gcp-api-key reports the whole ones, and a cut one opens nothing.
  if (starts_with(s, "AIza") && s.size() < 39) return false;
  // MediaWiki's edit (anti-forgery) token: 32 to 40 hex digits and "+\\", percent-encoded in an
  // API call's URL pasted into code (or decoded, where the value stops before the backslash); it
  // works only with the user's session cookie.
  for (const std::string_view end : {std::string_view("%2B%5C"), std::string_view("+")})
    if (s.size() >= 32 + end.size() && s.size() <= 40 + end.size() && iequals(s.substr(s.size() - end.size()), end) &&
        all_of(s.substr(0, s.size() - end.size()), is_hex))
      return false;
  // A printf template where the value goes ("...&token=k3Jd8Qw2%1$d" in a test factory): a
  // positional conversion, "%1$d" or "%2$s" (a bare "%d" at the end may be a random
  // password's last characters, and "%d4" an encoded byte).
  if (const auto pct = s.find('%'); pct != std::string_view::npos) {
    std::size_t i = pct + 1;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i > pct + 1 && i + 1 < s.size() && s[i] == '$' && (s[i + 1] == 'd' || s[i + 1] == 's')) return false;
  }
  // ... the same in a URL's query, where the value stops at the '$' ("&token=k3Jd8Qw2%1"): an
  // encoded byte takes two hex digits, so a value never ends half-encoded.
  if (!match.empty() && (match[0] == '?' || match[0] == '&' || match[0] == '#') && s.size() >= 2 &&
      s[s.size() - 2] == '%' && is_digit(s.back()))
    return false;
  // A package manager's version spec ("@inquirer/password": "npm:^4.0.16" in yarn.lock).
  if (starts_with(s, "npm:") && s.size() > 4 && (is_digit(s[4]) || s[4] == '^' || s[4] == '~')) return false;
  // wpa_supplicant's reference to a password kept elsewhere ("password=ext:eduroam", read
  // from its ext_password backend or the secrets file NixOS hands it).
  if (starts_with(s, "ext:") && s.size() > 4 &&
      std::all_of(s.begin() + 4, s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '-'; }))
    return false;
  // A Postfix lookup table ("smtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd"):
  // where the passwords are kept, not one; only static: and inline: tables hold them in place.
  if (icontains(match, "password_maps") && !starts_with(lower, "static:") && !starts_with(lower, "inline:")) return false;
  // A path percent-encoded in a URL's parameter ("?key=library%2Fmetadata%2F{id}" in a
  // Plex deep link): words and digits between encoded slashes.
  if (lower.find("%2f") != std::string::npos && std::count(lower.begin(), lower.end(), '%') >= 2) {
    std::string path;
    for (std::size_t i = 0; i < lower.size(); ++i) {
      if (lower.compare(i, 3, "%2f") == 0) { path += '/'; i += 2; } else path += lower[i];
    }
    if (std::count(path.begin(), path.end(), '/') >= 2 &&
        std::all_of(path.begin(), path.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '/' || c == '_' || c == '-'; }))
      return false;
  }
  // Ruby reading a secret from the application's store, unquoted ("jwt.secret =
  // Rails.application.credentials.devise&.jwt_secret_key"): safe navigation, or the store.
  if ((s.find("&.") != std::string_view::npos || starts_with(s, "Rails.application.")) &&
      std::isalpha(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '&'; }))
    return false;
  // C#'s null-forgiving member read, unquoted ("Pass = hangfireOptions.Password!"):
  // code, not a value.
  if (s.size() > 3 && s.back() == '!' && s.find('.') != std::string_view::npos &&
      std::isalpha(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.end() - 1, [](char c) { return is_alnum(c) || c == '_' || c == '.'; }))
    return false;
  if (lower.find("%3a%2f%2f") != std::string::npos) return false;          // a percent-encoded URL
  // Code that reads the value: a Go or C dereference or address of a field
  // ("*v.Password", "&cfg.Token").
  if ((s[0] == '*' || s[0] == '&') && s.size() > 2 && s.find('.') != std::string_view::npos &&
      std::all_of(s.begin() + 1, s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::isalnum(c) || c == '_' || c == '.';
      }))
    return false;
  // A line layout described in a comment ("username:password:uid:gid:gecos:home:shell",
  // "group_name:password:GID:user_list"): three or more fields, each a word,
  // the name's own field counted when a bare ':' joins it to the value.
  const bool colon_joined = match.find(":" + std::string(s)) != std::string_view::npos;
  if (std::count(s.begin(), s.end(), ':') >= (colon_joined ? 1 : 2) && std::all_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::isalpha(c) || c == '_' || c == ':';
      }))
    return false;
  // The layout itself, in a comment ("# mosquitto_pwd: username:password"):
  // a stand-in user and password.
  if (const auto colon = s.find(':'); colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos &&
      stand_in_pair(s.substr(0, colon), s.substr(colon + 1)))
    return false;
  // A digest named by its algorithm ("hmac-sha256:8436cf5f...", what a Vault
  // audit log writes for every secret it records; "sha256:...").
  for (const char* algorithm : {"hmac-sha256:", "hmac-sha1:", "hmac-sha512:", "sha256:", "sha1:", "sha512:", "md5:"})
    if (starts_with(lower, algorithm) && s.size() >= std::strlen(algorithm) + 32 &&
        std::all_of(s.begin() + static_cast<std::ptrdiff_t>(std::strlen(algorithm)), s.end(), is_hex))
      return false;
  // PostgreSQL's md5 form, "md5" and 32 hex digits: a role's stored verifier
  // (postgres-role-password-hash reports those in SQL) or the salted answer a
  // client sends in the wire protocol, which a recorded session holds; never
  // the password itself.
  if (s.size() == 35 && starts_with(s, "md5") && std::all_of(s.begin() + 3, s.end(), is_hex)) return false;
  // MySQL's mysql_native_password hash, "*" and 40 hex digits (an Ansible
  // mysql_user task with `encrypted: yes`, a Puppet mysql::db example): a
  // stored digest, which mysql-native-password-hash reports where it logs in.
  if (s.size() == 41 && s[0] == '*' && std::all_of(s.begin() + 1, s.end(), is_hex)) return false;
  // A date or a time stamp ("PasswordLastUsed": "2016-09-08T21:47:36Z").
  if (iso_date_time(s)) return false;
  // An AWS SigV4 credential scope ("AKID/20160727/us-east-1/s3/aws4_request"):
  // the public half of a signature, naming the key id.
  if (ends_with(s, "/aws4_request")) return false;
  // A Django or Alembic migration's name ("0010_custom_field_data" in a
  // dependency tuple beside the app label "secrets").
  if (s.size() > 5 && std::all_of(s.begin(), s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      s[4] == '_' && std::all_of(s.begin() + 5, s.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      }))
    return false;
  // A qualified constant ("C.ICMPV6_FILTER_PASS", "Settings.DB_PASSWORD"):
  // an identifier, a dot, an upper-case name.
  if (const auto dot = s.find('.'); dot != std::string_view::npos && dot > 0 && s.find('.', dot + 1) == std::string_view::npos &&
      (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dot), [](char c) { return is_alnum(c) || c == '_'; }) &&
      upper_case_name(s.substr(dot + 1)))
    return false;
  // A package's exported name, unquoted ("PasswordHashVersion =
  // user.Pbkdf2HashVersion" in Go): a lower-case package, a capitalised name of
  // two words or more.
  if (const auto dot = s.find('.'), at = match.rfind(s); dot >= 2 && dot != std::string_view::npos && dot + 1 < s.size() &&
      at != std::string_view::npos && (at == 0 || (match[at - 1] != '"' && match[at - 1] != '\'' && match[at - 1] != '`')) &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dot), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      exported_name(s.substr(dot + 1)))
    return false;
  // A variable assigned in code, unquoted ("u.Password = sha512CryptPwd" in a
  // Go test, ":=" too). In quotes, or after a configuration file's "=" or ":",
  // the same word may be a weak password, and stays.
  if (const auto at = match.rfind(s); at != std::string_view::npos && at >= 3 &&
      (match.substr(at - 3, 3) == " = " || match.substr(at - 3, 3) == ":= ") && credential_variable(s))
    return false;
  // A variable as a dict's value ('{"ELASTICSEARCH_PASSWORD": content_b64}' in
  // a Python test): a quoted key, then a snake_case name without quotes. A
  // JSON value is quoted; a configuration file's seldom quotes its keys.
  if (const auto at = match.rfind(s); at != std::string_view::npos && at >= 3 &&
      (match.substr(at - 3, 3) == "\": " || match.substr(at - 3, 3) == "': ") && s.size() >= 5 && s[0] >= 'a' && s[0] <= 'z' &&
      s.find('_') != std::string_view::npos && s.back() != '_' &&
      std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }))
    return false;
  // A number with its unit in code ("passwordValidationDebounce = 500.milliseconds"
  // in Kotlin, "token_ttl = 5.minutes" in Ruby): digits, a dot, a lower-case word.
  if (const auto dot = s.find('.'); dot != std::string_view::npos && dot > 0 && s.size() - dot > 2 &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dot), is_digit) &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dot) + 1, s.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return false;
  // A settings store's key ("PasswordGeneratorUppercase = \"pwGenerator:uppercase\"",
  // "pwGenerator:minNumber" in an app's constants): a camelCase namespace, ':',
  // a word or a camelCase name.
  if (const auto colon = s.find(':'); colon != std::string_view::npos && colon >= 3 && s.size() - colon > 4 &&
      std::islower(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }) &&
      std::any_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
      std::islower(static_cast<unsigned char>(s[colon + 1])) &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(colon) + 1, s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    return false;
  // A class method called in code, unquoted after " = " ("password =
  // SecureRandom.base64" in Ruby, which needs no parentheses).
  if (const auto dot = s.find('.'), at = match.rfind(s);
      dot != std::string_view::npos && dot > 0 && dot + 1 < s.size() && s.find('.', dot + 1) == std::string_view::npos &&
      at != std::string_view::npos && at >= 3 && match.substr(at - 3, 3) == " = " &&
      std::isupper(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dot), is_alnum) &&
      std::islower(static_cast<unsigned char>(s[dot + 1])) &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dot) + 1, s.end(),
                  [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }))
    return false;
  // An attribute path ("metadata.0.self_link"): lower-case words and indexes.
  if (std::count(s.begin(), s.end(), '.') >= 2 && std::all_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::islower(c) || std::isdigit(c) || c == '_' || c == '.';
      })) {
    bool words_and_indexes = true;
    for (std::size_t b = 0; b <= s.size() && words_and_indexes;) {
      const std::size_t e = std::min(s.find('.', b), s.size());
      const std::string_view part = s.substr(b, e - b);
      const bool index = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
      const bool word = !part.empty() && std::none_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
      words_and_indexes = index || word;
      b = e + 1;
    }
    if (words_and_indexes) return false;
  }
  // An OpenPGP public key (its armored body: a public-key packet, tag 6, version 4 or 5).
  if (s.size() >= 8) {
    std::string head;
    if (base64_decode(s.substr(0, 8), head) && head.size() == 6) {
      const auto tag = static_cast<unsigned char>(head[0]);
      const std::size_t version_at = tag == 0x98 ? 2 : tag == 0x99 ? 3 : tag == 0xC6 ? 2 : 0;
      if (version_at && (head[version_at] == 4 || head[version_at] == 5)) return false;
    }
  }
  // A reference to where the secret lives ("vault:secret/data/app#key",
  // "gsm:project/name", Jenkins X's "local:/cluster/adminUser:password"), not the secret.
  for (const char* ref : {"vault:", "arn:", "ssm:", "secretsmanager:", "keyvault:", "ref+", "env:", "file:", "gsm:", "local:/"})
    if (starts_with(lower, ref)) return false;
  // ... or its Google Secret Manager resource name ("projects/my-project/secrets/NAME/versions/latest").
  if (starts_with(s, "projects/") && s.find("/secrets/") != std::string_view::npos) return false;
  // A test's input made to be refused ("not-valid-base64!!!").
  for (const char* refused : {"not-valid", "not_valid", "notvalid", "invalid-", "invalid_"})
    if (starts_with(lower, refused)) return false;
  if (s[0] == '/' || starts_with(s, "./") || starts_with(s, "../") || starts_with(s, "~/")) return false;  // path
  if (starts_with(s, "#/")) return false;  // a JSON pointer ("#/components/schemas/...", an OpenAPI reference)
  // A CSS selector of a form's field: '#' or '.', then an identifier of three
  // words or more ("#sylius_customer_registration_user_plainPassword_first" in a
  // page object of a test suite), or '#' and letters alone, no digit
  // ("data-toggle-password=\"#PasswordConfirmation\"" in a Razor view).
  if ((s[0] == '#' || s[0] == '.') && s.size() > 2 && std::isalpha(static_cast<unsigned char>(s[1])) &&
      std::all_of(s.begin() + 1, s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '-'; })) {
    const auto separators = std::count_if(s.begin(), s.end(), [](char c) { return c == '_' || c == '-'; });
    const bool letters_only = std::none_of(s.begin(), s.end(), is_digit);
    if (separators >= 2 || (s[0] == '#' && s.size() >= 8 && letters_only)) return false;
    // ... or an id naming the field it selects ("#new_password1" in a page's script).
    if (separators >= 1 && holds_word(lower, {"password", "passwd", "pwd", "pass", "token", "secret"})) return false;
  }
  // An OData type annotation ("\"Password\" = \"#microsoft.graph.passwordAuthenticationMethod\""
  // in a Graph request's body): '#', then a dotted name.
  if (s[0] == '#' && std::count(s.begin(), s.end(), '.') >= 2 &&
      std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '.'; }))
    return false;
  // Code appending to a string ("case\"password\":qs+=sFieldName+" in minified JavaScript).
  if (s.find("+=") != std::string_view::npos && s.back() == '+') return false;
  // A bare "key=" query parameter holding hex of odd length, which encodes no
  // whole bytes as hex keys do: a search or tracking session's id
  // ("orange.fr/process?key=00<33 hex>" among a site's sample referrers).
  if (match.size() > 5 && std::strchr("?&#", match[0]) != nullptr && starts_with(match.substr(1), "key=") &&
      s.size() % 2 == 1 && s.size() >= 25 && all_of(s, is_hex))
    return false;
  // A query parameter of a mail saved quoted-printable ("?key=3D..." for
  // "?key=...", in an IMAP client's test fixture): a newsletter's tracking and
  // unsubscribe ids, read with the encoding's "3D" in front.
  if (match.size() > 4 && std::strchr("?&#", match[0]) != nullptr && starts_with(s, "3D") &&
      match.find("=" + std::string(s)) != std::string_view::npos)
    return false;
  // Bugzilla's form token, its issue time and 32 hex digits ("buglist.cgi?...&token=
  // 1467209187-9f0c..."), sent with every form of the page that made it.
  if (s.size() == 43 && s[10] == '-' && std::all_of(s.begin(), s.begin() + 10, is_digit) &&
      std::all_of(s.begin() + 11, s.end(), is_hex))
    return false;
  // The rest of a URL read after a "password:" inside it ("postgresql://username@
  // password:hostname/db?sslmode=disable", a sample's words in the wrong order): a
  // host, a path and a query.
  if (const auto slash = s.find('/'), query = s.find('?'); slash != std::string_view::npos && slash > 0 &&
      query != std::string_view::npos && query > slash && s.find('=', query) != std::string_view::npos &&
      std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(slash),
                  [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-'; }))
    return false;
  // A GPG key's fingerprint (40 hex digits in capitals, as gpg prints them) under a
  // signing key's name ("SIGNKEY" in a packaging script, passed to dpkg-sig -k).
  if (s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); })) {
    const std::string_view before = match.substr(0, match.rfind(s));
    if (icontains(before, "sign") || icontains(before, "gpg")) return false;
  }
  // A WooCommerce order's key ("/order-received/4927/?key=wc_order_..."), which
  // names one order on its receipt page and in the customer's e-mail.
  if (starts_with(s, "wc_order_")) return false;
  // A PayPal Express Checkout token ("?token=EC-...&PayerID=..."): a payment's id in the
  // return URL, not a credential.
  if (s.size() == 20 && starts_with(s, "EC-") && std::all_of(s.begin() + 3, s.end(), is_alnum))  // a typed copy may lose a capital
    return false;
  if (s.find('(') != std::string_view::npos || s.find(')') != std::string_view::npos) return false;  // code
  const auto at = s.find('@');
  if (at != std::string_view::npos && s.find('.', at) != std::string_view::npos) return false;  // e-mail
  // What the value is assigned to: the identifier the match starts with
  // (generic rules get the whole one, from before their keyword), after the
  // "(", quote, "<" or "$" that may open it (or the "{:" of a Clojure map's keyword).
  std::size_t name_begin = 0;
  while (name_begin < match.size() && name_begin < 4 && std::strchr("(\"'<$@ \t\r\n{[,:", match[name_begin]) != nullptr)
    ++name_begin;
  // Where the identifier starting at `from` ends (letters, digits, _ - .), reading up to `limit`.
  const auto identifier_end = [&](std::size_t from, std::size_t limit) {
    while (from < match.size() && from < limit &&
           (std::isalnum(static_cast<unsigned char>(match[from])) || match[from] == '_' || match[from] == '-' ||
            match[from] == '.'))
      ++from;
    return from;
  };
  std::size_t name_end = identifier_end(name_begin, 96);
  // A call with the name as its first argument (`v.Add("continuation-token",
  // "...")`, `setProperty("db.password", "...")`): the name is that argument.
  if (name_end < match.size() && match[name_end] == '(') {
    name_begin = name_end + 1;
    while (name_begin < match.size() && name_begin < name_end + 5 && std::strchr("\"' \t", match[name_begin]) != nullptr)
      ++name_begin;
    name_end = identifier_end(name_begin, name_begin + 96);
  }
  // A match that is the value itself has no name; a value that repeats its
  // name ("registryv2token:registryv2token", a compose link's name:alias)
  // is no secret.
  const bool unnamed = starts_with(match.substr(name_begin), s);
  if (unnamed && match.size() > name_begin + s.size() &&
      match.substr(name_begin + s.size()).find(s) != std::string_view::npos)
    return false;
  // The name as written (its case tells camelCase words apart) and lower-cased.
  const std::string_view raw_name = match.substr(name_begin, name_end - name_begin);
  // A container image and its tag ("FROM jeroenwillemsen/wrongsecrets:challenge19-no-vault",
  // "image: owner/app-secrets:1.2"): a repository path with a '/' before ':' and the tag
  // right after it, no blank between.
  if (const auto colon = match.rfind(":" + std::string(s)); colon != std::string_view::npos && colon > 0 && s.size() <= 128 &&
      std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; })) {
    std::size_t begin = colon;
    while (begin > 0 && (is_alnum(match[begin - 1]) || std::strchr("/._-", match[begin - 1]) != nullptr)) --begin;
    const std::string_view image = match.substr(begin, colon - begin);
    if (image.find('/') != std::string_view::npos && image.front() != '/' && image.find("//") == std::string_view::npos)
      return false;
  }
  const std::string name = unnamed ? std::string() : to_lower_ascii(raw_name);
  if (digest_of_word(s, unnamed ? std::string_view() : raw_name)) return false;
  // A checksum under a key that is a path of three parts or more
  // ("auth/forgot-password/reset/new_password: <md5>" in a translation
  // lockfile, i18n.lock): MD5-sized hex, no URL before it.
  if (s.size() == 32 && all_of(s, is_hex)) {
    const std::string_view before = match.substr(0, match.rfind(s));
    if (std::count(before.begin(), before.end(), '/') >= 2 && before.find("://") == std::string_view::npos) return false;
  }
  // A CocoaPods checksum (Podfile.lock's SPEC CHECKSUMS, "1PasswordExtension: <sha1>"):
  // SHA-1-sized hex under a pod's PascalCase name whose last word names no credential.
  if (s.size() == 40 && all_of(s, is_hex) && pod_name(raw_name)) return false;
  // The name without its separators ("search_only_api_key" -> "searchonlyapikey").
  const std::string squeezed = without_separators(name);
  // Not secrets by what their name says: anti-forgery tokens sent in every
  // page, and keys published on purpose (publishable keys, NEXT_PUBLIC_*
  // variables compiled into the browser bundle).
  for (const char* word : {"csrf", "xsrf", "authenticity", "public", "publishable"})
    if (name.find(word) != std::string::npos) return false;
  // Laravel's and ASP.NET's anti-forgery form fields, by their exact names
  // ("_token" in a dumped request or a hidden input, "__RequestVerificationToken").
  if (name == "_token" || name == "__requestverificationtoken") return false;
  // ... and Struts 1's (<html:form> renders "org.apache.struts.taglib.html.TOKEN" as a
  // hidden input: a page pasted into a JSP carries it).
  if (ends_with(name, "taglib.html.token")) return false;
  // ... and e107's ("e-token" in its forms and in the posted data its tests build),
  // and Baidu's, which its pages set in a script ("window.bdstoken = '...'").
  if (name == "e-token" || name == "e_token" || ends_with(name, "bdstoken")) return false;
  // Chromium's per-profile salt for hashing Cast receivers' ids ("receiver_id_hash_token" in
  // a profile's Preferences): it opens nothing.
  if (name == "receiver_id_hash_token") return false;
  // A tokenizer is no token ("tokenizer_id=\"meta-llama/Meta-Llama-3-8B-Instruct\"",
  // "TOKENIZER_REPO = ..." in a notebook): a model's name.
  if (name.find("tokenizer") != std::string::npos) return false;
  // Strava's embed token (40 hex in an activity's embed iframe URL and in its API's
  // answers), which its pages hand to every visitor.
  if (ends_with(squeezed, "embedtoken") && s.size() == 40 && all_of(s, is_hex)) return false;
  // Unity's default for a target the project never builds ("psp2PackagePassword:" in
  // every ProjectSettings.asset, the same few strings in thousands of repositories).
  if (name == "psp2packagepassword") return false;
  // star-history.com's chart token, made to be embedded in READMEs ("...&sealed_token=..."),
  // and Algolia's search-only key, which its search widgets send from every page.
  if (name == "sealed_token" || squeezed.find("searchonly") != std::string::npos) return false;
  // Amazon Pay's partner referral token, which a commerce plugin puts in the seller sign-up
  // URL it sends merchants to ("solutionProviderToken" beside "spId"): it identifies the
  // plugin's vendor, not an account.
  if (squeezed == "solutionprovidertoken") return false;
  // ... and Algolia DocSearch's, which a documentation site's config hands to every page
  // ("docs_search_api_key" beside the app id and index name in a Hugo config).
  if (squeezed.find("docsearch") != std::string::npos || squeezed.find("docssearch") != std::string::npos) return false;
  // ... and GitHub's, which its pages set in a script ("window._auth_token = ...",
  // a saved page pasted into a stylesheet).
  if (name == "_auth_token" || ends_with(name, "._auth_token")) return false;
  // Pusher's app key, which its JavaScript client sends from the page (the
  // secret half is PUSHER_APP_SECRET).
  if (ends_with(without_separators(name), "pusherappkey")) return false;
  if (flagsmith_client_key(name, s)) return false;
  // A sudoers rule's tag ("dokku ALL=NOPASSWD:SETENV:/usr/bin/docker"): the
  // commands a user may run without a password.
  if (ends_with(name, "nopasswd")) return false;
  // The name again inside the value, assigned ("POSTGRES_PASSWORD=listmonk/
  // POSTGRES_PASSWORD=$db_password/g" in a sed expression): code that edits
  // the setting.
  if (raw_name.size() >= 6 && s.find(std::string(raw_name) + "=") != std::string_view::npos) return false;
  // ... or ending a path ("DB_PWD: 'tower-wf123/DB_PWD'"): where the secret of that name is kept.
  if (raw_name.size() >= 4 && s.size() > raw_name.size() + 1 && ends_with(s, raw_name) &&
      s[s.size() - raw_name.size() - 1] == '/')
    return false;
  // Codecov's encrypted form ("url: secret:5UEL...=" in codecov.yml): "secret:" run into
  // ciphertext with no blank, which YAML reads as one string, not a key.
  if (iequals(raw_name, "secret") && name_end + 1 < match.size() && match[name_end] == ':' &&
      match.compare(name_end + 1, s.size(), s) == 0 && s.size() >= 40)
    return false;
  // ... or read in an update of itself ("SET lost_password_request_count=
  // lost_password_request_count+1" in SQL): the name, an operator, a number.
  if (raw_name.size() >= 6 && s.size() > raw_name.size() + 1 && starts_with(s, raw_name) &&
      std::strchr("+-*/", s[raw_name.size()]) != nullptr && all_of(s.substr(raw_name.size() + 1), is_digit))
    return false;
  // The same said by the value: publishable keys that vendors mark with a
  // "pub"/"pk" part and that their clients ship in web pages and apps
  // (Stripe "pk_live_", Lob "live_pub_"/"test_pub_").
  if (publishable_key(lower) || razorpay_entity_id(s)) return false;
  // A Twilio resource's SID ("CL" and 32 hex digits under CredentialListSid,
  // "AC..." an account's): an id, which twilio-account-sid and
  // twilio-api-key-sid report where it pairs with a secret.
  if (s.size() == 34 && std::isupper(static_cast<unsigned char>(s[0])) && std::isupper(static_cast<unsigned char>(s[1])) &&
      std::all_of(s.begin() + 2, s.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }))
    return false;
  // A test's value that is wrong on purpose ("INVALID_TOKEN", "wrongPassword",
  // "fake_api_key"): the name's first word says so.
  if (!name.empty()) {
    for (const char* word : {"invalid", "wrong", "bad", "fake", "dummy", "mock", "incorrect", "bogus"}) {
      const std::size_t n = std::strlen(word);
      if (name.size() > n && starts_with(name, word) &&
          (std::strchr("_-.", name[n]) != nullptr || std::isupper(static_cast<unsigned char>(raw_name[n]))))
        return false;
    }
  }
  // ... or the value says so beside a credential's name ("+invalid-base64-format-password",
  // a test's input that must be refused).
  if (holds_word(lower, {"invalid", "wrong", "incorrect", "bogus", "malformed"}) &&
      holds_word(lower, {"password", "passwd", "secret", "token", "key"}))
    return false;
  // Pagination and sync cursors ("nextPageToken", "continuation_token").
  // ... and Postman's per-request id, pasted with the headers of an example request.
  // Idempotency tokens, which a client makes up to let a request be retried
  // (AWS "ClientRequestToken", "Idempotency-Key"), are not credentials either.
  for (const char* word : {"pagetoken", "nexttoken", "continuationtoken", "synctoken", "resumetoken", "cursortoken",
                           "postmantoken", "requesttoken", "idempotency", "idempotence", "waittoken",
                           // an optimistic lock's version of a record (Square's "version_token")
                           "versiontoken",
                           // AWS API fields that are not credentials: a job's handle
                           // ("NodeAssociationStatusToken", "CopyProductToken"), a WAF lock
                           // ("NextLockToken")
                           "statustoken", "producttoken", "locktoken",
                           // an Auto Scaling lifecycle action's id, which completing the action names
                           "lifecycleactiontoken",
                           // a page's analytics id (MediaWiki's "wgTrackingToken"), a search
                           // session's ("searchToken=" in a search engine's URL)
                           "trackingtoken", "searchtoken",
                           // iTunes Transporter's stamp of a package's metadata and its upload
                           // session's id, printed in its logs beside the masked password
                           "metadatatoken", "cputoken",
                           // Chrome's id of a captured page's document ("documentIdentifier":
                           // {"serializedToken": <32 hex>} in an AnnotatedPageContent dump)
                           "serializedtoken",
                           // Chatwoot's website token, which its widget sends from every visitor's
                           // browser (`chatwootSDK.run({ websiteToken: ... })`)
                           "websitetoken",
                           // a shopping cart's and a checkout's ids (Shopify's order JSON)
                           "carttoken", "checkouttoken",
                           // ids and trackers a page or an API hands out in the clear: Douyin's
                           // anti-bot "msToken", Xiaohongshu's per-note "xsec_token", HubSpot's
                           // contact "profile-token", Reserve with Google's "rwg_token", and the
                           // per-message key material of a WhatsApp payload ("messageSecret")
                           // (seed-86 triage)
                           "mstoken", "xsectoken", "profiletoken", "rwgtoken", "messagesecret"})
    if (squeezed.find(word) != std::string::npos) return false;
  // AWS's idempotency token by its exact name ("ClientToken" in an API's
  // output; an OAuth client_token is something else); .NET's user-secrets
  // folder id in a project file (<UserSecretsId>aspnet-App-20161122013618</...>),
  // which names where a developer's secrets live and holds none.
  if (raw_name == "ClientToken" || raw_name == "UserSecretsId" || (raw_name == "clientToken" && looks_like_uuid(s)))
    return false;
  // A Docker swarm object's id (`docker secret inspect`: "SecretID": 25
  // lower-case base-36 characters); Vault's secret_id is a UUID under another name.
  if ((raw_name == "SecretID" || raw_name == "ConfigID") && s.size() == 25 &&
      std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }))
    return false;
  // The name of a service account's token Secret, as `kubectl describe sa`
  // lists it ("Mountable secrets: alb-ingress-controller-token-7xk2q"): a name,
  // "-token-" and the five characters Kubernetes adds, drawn from its alphabet
  // without vowels and without 0, 1 and 3 (a test's "...-token-19374" is a value).
  if (const auto tail = s.rfind("-token-"); tail != std::string_view::npos && tail > 0 && tail + 12 == s.size() && dns_name_chars(s) &&
      std::all_of(s.end() - 5, s.end(), [](char c) { return std::strchr("bcdfghjklmnpqrstvwxz2456789", c) != nullptr; }))
    return false;
  // An access key's id ("AWS_ACCESS_KEY_ID"): the public half of a key pair.
  if (ends_with(squeezed, "keyid")) return false;
  // ... or any credential's identifier ("credential_identifier" naming a
  // verifiable credential's configuration in OpenID4VCI, a token's
  // "tokenIdentifier"): a name for it, not it.
  if (ends_with(squeezed, "identifier")) return false;
  // The key of a field: a CRM's custom field named by a hash
  // ("PIPEDRIVE_DOMAIN_ORGANIZATION_FIELD_KEY").
  if (ends_with(squeezed, "fieldkey")) return false;
  // 1Password, the product, named in the value ("ProviderOnePasswordSDK = \"1Password/SDK\"",
  // a label); a 1Password credential under such a name does not spell the product.
  if (lower.find("1password") != std::string::npos || lower.find("onepassword") != std::string::npos) return false;
  // ... or in the name, holding a UUID: a table of password managers' passkey
  // authenticator ids ("OnePassword = \"<uuid>\"", "ApplePasswords", "IPasswords").
  if (looks_like_uuid(s) && (squeezed.find("onepassword") != std::string::npos || ends_with(squeezed, "passwords")))
    return false;
  // A flag's value in a list of claims ("UseResetPassword:true|UsersGetPremium:true|...").
  for (const char* flag : {"true", "false"})
    if (starts_with(lower, flag) && lower.size() > std::strlen(flag) && std::strchr("|,;&", lower[std::strlen(flag)]) != nullptr)
      return false;
  // nginx's "pass the request to" directives ("FASTCGI_PASS='unix:/run/php-fpm.sock'",
  // proxy_pass http://backend): an upstream's address.
  for (const char* directive : {"fastcgipass", "proxypass", "uwsgipass", "scgipass", "grpcpass", "memcachedpass"})
    if (ends_with(squeezed, directive)) return false;
  // A JWT named as one ("jwt-token" in an API's documentation) that is no
  // JWT: an example the documentation generator filled in. (A JWT's part
  // decoded above comes back here as JSON.)
  if (squeezed.find("jwttoken") != std::string::npos && !starts_with(s, "eyJ") && s[0] != '{') return false;
  if (credential_name(s)) return false;
  // A working directory under `pwd:` (CircleCI 1.0's circle.yml, "pwd: Circle-1/backend"): a
  // relative path of words.
  if (name == "pwd" && s.find('/') != std::string_view::npos && s.find("//") == std::string_view::npos &&
      std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '/' || c == '-' || c == '_' || c == '.'; }) &&
      std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  // A setting about the secret, not the secret ("PASSWORD_HASH_METHOD =
  // pbkdf2:sha256", "secret_name: app-tls"): the last word of the name says so.
  if (!name.empty()) {
    std::size_t last = raw_name.find_last_of("_-.");
    last = last == std::string_view::npos ? 0 : last + 1;
    for (std::size_t i = raw_name.size(); i > last + 1; --i)  // camelCase: from the last capital
      if (std::isupper(static_cast<unsigned char>(raw_name[i - 1])) &&
          std::islower(static_cast<unsigned char>(raw_name[i - 2]))) {
        last = i - 1;
        break;
      }
    const std::string last_word = to_lower_ascii(raw_name.substr(last));
    for (const char* word : {"method", "algorithm", "algo", "type", "mode", "policy", "format", "scheme", "cipher",
                             "strategy", "length", "prefix", "suffix", "name",
                             // how long it is ("curve_secret_key_len = crypto_sign_curve25519_BYTES")
                             "len", "size", "bytes",
                             // a proof made with it (Facebook's "appsecret_proof", an HMAC of a token)
                             "proof",
                             // who logs in ("password.traits.username", a form field's name)
                             "username", "email", "login",
                             // where it is fetched ("TOKEN_URI_PATH"), an error's code ("COMPROMISED_PASSWORD_ERROR")
                             "path", "uri", "error",
                             // where a request goes ("FORGOT_PASSWORD_ENDPOINT = '*/api/v2/...'", "TOKEN_URL")
                             "endpoint", "url", "route",
                             // what names the secret without granting it (Vault's "secret_id_accessor")
                             "accessor",
                             // what keeps the secrets ("MicrosoftPasswordManager = <authenticator id>")
                             "manager",
                             // the variable a build step puts it in (Jenkins' "passwordVariable: 'PASS'")
                             "variable",
                             // the address mail about passwords comes from ("$wgPasswordSender")
                             "sender",
                             // an encrypted secret's initialization vector ("encrypted_otp_secret_iv")
                             "iv",
                             // user-interface text about the secret ("bindCredentialsHelp", "passwordLabel")
                             "help", "label", "hint", "tooltip", "placeholder", "description", "title", "prompt",
                             // the page of a form about it ("forgotPasswordSuccessView = 'ajax:...'")
                             "view", "page"})
      if (last_word == word) return false;
    // A Kubernetes Secret named where a chart takes one ("existingSecret:
    // oauth2-proxy-config", cert-manager's "passwordSecretRef: cert-manager-pkcs12",
    // "secretName: app-tls"): a DNS-1123 name, lower-case words and '-'.
    if ((ends_with(squeezed, "existingsecret") || ends_with(squeezed, "secretref") || ends_with(squeezed, "secretname")) &&
        std::isalpha(static_cast<unsigned char>(s[0])) && s.find('-') != std::string_view::npos && dns_name_chars(s))
      return false;
    // ... and where an operator's custom resource takes one by a camelCase field named for
    // what the Secret holds ("credentialsSecret: my-cluster-name-backup-s3" in Percona's
    // backup storage, "passwordSecret: mongo-admin-pw"): two '-' at least. Not a client's or
    // an app's secret ("clientSecret: abc-def-ghi" may be the value itself).
    if (ends_with(raw_name, "Secret") && raw_name.size() > 6 && std::isalpha(static_cast<unsigned char>(s[0])) &&
        std::count(s.begin(), s.end(), '-') >= 2 && dns_name_chars(s)) {
      const std::string holder = to_lower_ascii(raw_name.substr(0, raw_name.size() - 6));
      for (const char* what : {"credentials", "credential", "password", "passwords", "users", "user", "auth", "tls", "ssl",
                               "backup", "admin", "connection", "storage", "ca", "cert", "certificate", "keys", "env",
                               "config", "root", "s3", "gcs", "azure", "aws", "database", "db", "bootstrap"})
        if (holder == what) return false;
    }
    // A password policy's reference ("passwordPolicy_key=<uuid>" in an XML fixture).
    if (name.find("passwordpolicy") != std::string::npos || name.find("password_policy") != std::string::npos)
      return false;
    // What a login stores beside the password or instead of it: its salt
    // ("password_salt"), or its digest ("selfoss_password_hash", 128 hex
    // digits of SHA-512; "password_hash": base64 of an scrypt record). A crypt
    // string ("$6$...") stays: it can be cracked offline. Other salts
    // (WordPress' AUTH_SALT) are keys.
    const bool of_password = name.find("pass") != std::string::npos || name.find("pwd") != std::string::npos;
    if (of_password && last_word == "salt") return false;
    if (of_password && (last_word == "hash" || last_word == "digest") && !is_crypt_hash(s)) return false;
    // ... or encrypted ("passwordEncrypted", "encryptedPassword": a test's
    // mocked hash, an MD5), and a SHA-384 or SHA-512 digest in hex, which no
    // one types as a password ("sha512whirlpool" rows of a user_password table).
    // (Authlogic's and restful_authentication's "crypted_password" too; not a "decrypted_password".)
    const bool crypted = name.find("crypted") != std::string::npos && name.find("decrypted") == std::string::npos;
    if (of_password && (crypted || name.find("hashed") != std::string::npos) &&
        !is_crypt_hash(s))
      return false;
    if (of_password && (s.size() == 96 || s.size() == 128) && all_of(s, is_hex)) return false;
    // Ciphertext by its name's first word ("encryptedSecret"): useless
    // without its key, which a rule of its own reports where it is written. A
    // crypt string stays (a bcrypt hash under "encrypted_password" is cracked offline).
    // The same for a digest ("hashedToken": SHA-256 of a login token, what a
    // server stores instead of it).
    if ((starts_with(name, "encrypted") || starts_with(name, "hashed")) && !is_crypt_hash(s)) return false;
    // A name where a token or key would be (XML's Token="WindowsServiceIntro1"). Not for
    // passwords, which people make of words ("SuperSecretPass1").
    if (!of_password && identifier_words(s)) return false;
  }
  // A value that says what it stands for ("newReplicationPassword123",
  // "testingapikey1234"): the credential word of its name inside it, and
  // around it only letters and a few digits (a key format that spells its
  // kind, "bedrock-api-key-" and base64, is not one of them).
  {
    const std::string squeezed_value = without_separators(lower);
    // ... read as words: blanks taken out, and the "%20" a URL writes them as ("Enter%20your%20passphrase",
    // a prompt's text in a QR code's URL).
    std::string prose_value;
    for (std::size_t i = 0; i < squeezed_value.size(); ++i) {
      if (squeezed_value[i] == ' ') continue;
      if (squeezed_value.compare(i, 3, "%20") == 0) { i += 2; continue; }
      prose_value += squeezed_value[i];
    }
    // The word as the name has it (a password's name may shorten it: an HTML
    // shortcut's "'passwd': 'input:password'"), or the password's in another
    // language ("E2EE-wachtwoord" under a locale file's "E2EE_password").
    struct said { const char* in_value; const char* in_name; };
    for (const said& word : {said{"password", "pass"}, said{"passwd", "pass"}, said{"passphrase", "pass"}, said{"secret", "secret"},
                             said{"token", "token"}, said{"apikey", "apikey"}, said{"wachtwoord", "pass"},
                             said{"passwort", "pass"}, said{"motdepasse", "pass"}, said{"contrasena", "pass"},
                             said{"senha", "pass"}, said{"salasana", "pass"}, said{"adgangskode", "pass"},
                             said{"haslo", "pass"}, said{"kennwort", "pass"}, said{"passord", "pass"},
                             // "OAuth2-Clientgeheimnis" under a German locale's "oauth2_client_secret"
                             said{"geheimnis", "secret"}}) {
      const auto at = prose_value.find(word.in_value);
      if (at == std::string::npos || squeezed.find(word.in_name) == std::string::npos) continue;
      const std::string rest = prose_value.substr(0, at) + prose_value.substr(at + std::strlen(word.in_value));
      std::string digits;
      std::copy_if(rest.begin(), rest.end(), std::back_inserter(digits), [](char c) { return c >= '0' && c <= '9'; });
      // A few digits, or counted ones ("custom-verification-token-12345").
      const bool counted = digits.size() >= 4 && std::adjacent_find(digits.begin(), digits.end(), [](char a, char b) {
                                                   return b != a + 1;
                                                 }) == digits.end();
      // ... or a feature flag's name in kebab-case, ending in a word
      // ("pm-23801-prefetch-password-prelogin"; "custom-verification-token-19374"
      // ends in the digits a test's value gets).
      const bool kebab = std::count(s.begin(), s.end(), '-') >= 3 && std::isalpha(static_cast<unsigned char>(s.back())) &&
                         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; });
      if ((digits.size() <= 4 || counted || kebab) && std::all_of(rest.begin(), rest.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':';  // "users:setPasswordConfirm", an i18n key
          }))
        return false;
    }
  }
  // A UUID, or a hex string, is an id (client_id, applicationCredentialID)
  // unless its name says key, token, secret or password: many services issue
  // UUIDs and hex strings as API keys. A hex "token id" is the token itself
  // in OpenStack and others ("X-Auth-Token: <token id>").
  // A UUID after a prefix ("TKN-SYD-<uuid>", a tokenizer's id for a record) counts as one.
  const bool uuid = looks_like_uuid(s) || (s.size() > 36 && looks_like_uuid(s.substr(s.size() - 36)));
  if (uuid || (all_of(s, is_hex) && name.find("token") == std::string::npos)) {
    const bool id_name = (uuid && name.empty()) || ends_with(name, "id") || ends_with(name, "uuid") || ends_with(name, "guid");
    if (id_name && !ends_with(name, "secret_id") && !ends_with(name, "secretid")) return false;
  }
  // A hex digest is a hash when the key says so (sha256:, checksum=, commit:);
  // under a key naming a secret, 32/40/64 hex digits are the usual shape of
  // API keys and client secrets.
  if (all_of(s, is_hex) && (s.size() == 32 || s.size() == 40 || s.size() == 64 || s.size() == 96 || s.size() == 128)) {
    const std::string key = to_lower_ascii(match.substr(0, std::min<std::size_t>(match.size(), 80)));
    for (const char* word : {"hash", "sha", "md5", "digest", "checksum", "fingerprint", "commit", "etag", "integrity", "revision",
                             // a stored form of a token ("token_encrypted_ = <sha-256 of the token>")
                             "encrypted"})
      for (std::size_t at = key.find(word); at != std::string::npos; at = key.find(word, at + 1))
        if (!(word[0] == 's' && key.compare(at, 5, "share") == 0)) return false;  // "sha", not "shared_key"
  }
  // Version numbers and dotted identifiers: digits and dots only, or words
  // joined by . _ - / + in any script ("PIN/Passwort", "Contraseña", sftpgo's
  // SSH login method "publickey+password"), maybe ending in ':' as a label
  // does ("Warning:" before a translated sentence) or in '*' as a form
  // field's label marked required does ("Contrasenya*" in a Flutter .arb).
  bool words_only = true, version_like = true;
  // ... or starting with '@' as a scoped name does (a Redux action type,
  // "@portal/forgot_password/reset_password_success").
  std::string_view label = s.back() == ':' || s.back() == '*' ? s.substr(0, s.size() - 1) : s;
  if (label.size() > 1 && label[0] == '@') label.remove_prefix(1);
  for (char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalpha(c) || c >= 0x80 || c == '_' || c == '.' || c == '-' || c == '/' || c == '+')) words_only = false;
  }
  for (char ch : s)
    if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == 'v')) version_like = false;
  if (words_only || version_like) return false;
  // A package's version as a lockfile writes it ("verdaccio-htpasswd:
  // 12.0.0-next-7.15"): three numbers and a pre-release tag.
  {
    std::size_t i = 0;
    int numbers = 0;
    while (numbers < 3 && i < s.size() && is_digit(s[i])) {
      while (i < s.size() && is_digit(s[i])) ++i;
      ++numbers;
      if (numbers < 3 && i < s.size() && s[i] == '.') ++i;
      else break;
    }
    if (numbers == 3 && i < s.size() && s[i] == '-' &&
        std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), [](char c) { return is_alnum(c) || c == '.' || c == '-'; }))
      return false;
  }
  // A language model's name beside its API key ("claude-sonnet-4-6",
  // "gpt-4o-mini" as a client's second argument).
  for (const char* model : {"claude-", "gpt-", "gemini-", "llama-", "mistral-", "text-embedding-"})
    if (starts_with(lower, model) && std::all_of(lower.begin(), lower.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.';
        }))
      return false;
  // A route or path of lower-case words ("cms/sites/passwords#edit"), or a
  // Rails controller#action ("queenbee#passwords").
  if ((s.find('/') != std::string_view::npos || s.find('#') != std::string_view::npos) &&
      std::all_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::islower(c) || c == '/' || c == '_' || c == '-' || c == '.' || c == '#' || c == ':';
      }))
    return false;
  // Paths of lower-case parts and digits, and paths of letters in any case (both with - _ .),
  // read by the checks below; each of them wants a '/'.
  const bool has_slash = s.find('/') != std::string_view::npos;
  const bool lower_path = has_slash && all_of(s, [](char ch) {
    return (ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.';
  });
  const bool any_case_path =
      has_slash && all_of(s, [](char ch) { return is_alnum(ch) || ch == '/' || ch == '_' || ch == '-' || ch == '.'; });
  // A debconf question ("percona-server-server-5.7/re-root-pass" in a Salt state that
  // preseeds a package): a package's name, a '/', and words that name the password.
  if (const auto slash = s.rfind('/'); lower_path && slash > 0 && slash + 1 < s.size()) {
    const std::string_view question = s.substr(slash + 1);
    if (question.find("pass") != std::string_view::npos &&
        std::all_of(question.begin(), question.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; }))
      return false;
  }
  // An API route with a version in it ("api/v2/user/reset-password" under a
  // RESET_PASSWORD constant): three parts or more, two of them words of three
  // letters or more, digits only beside letters.
  const auto slashes = has_slash ? std::count(s.begin(), s.end(), '/') : 0;
  if (slashes >= 2 && lower_path) {
    int words = 0;
    for_each_path_part(s, [&](std::string_view part) {
      if (part.size() >= 3 && part.find_first_of("aeiouy") != std::string_view::npos &&
          std::all_of(part.begin(), part.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; }))
        ++words;
    });
    if (words >= 2) return false;
  }
  // ... or a framework's route to a controller ("api/v1/UsuariosController/reGenToken" in
  // CodeIgniter's routes): a version part, the others words in any case.
  if (slashes >= 2 && any_case_path) {
    int words = 0;
    bool version = false;
    for_each_path_part(s, [&](std::string_view part) {
      if (part.size() >= 2 && part[0] == 'v' && std::all_of(part.begin() + 1, part.end(), is_digit)) version = true;
      else if (part.size() >= 3 && part.find_first_of("aeiouyAEIOUY") != std::string_view::npos &&
               std::all_of(part.begin(), part.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }))
        ++words;
    });
    if (version && words >= 2) return false;
  }
  // A file's relative path ("stubs/ext/oci8/oci_password_change.php"): a '/',
  // path characters only, and an extension of two to four lower-case letters.
  if (const auto dot = s.rfind('.'); has_slash && dot != std::string_view::npos &&
                                     dot > s.rfind('/') && s.size() - dot >= 3 && s.size() - dot <= 5 &&
                                     std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dot) + 1, s.end(),
                                                 [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
                                     any_case_path)
    return false;
  // A list of settings ("min=12,upper=1,digit=1"): every comma-separated part
  // is name=value. Base64 has no commas; passwords rarely look like this.
  if (s.find(',') != std::string_view::npos && settings_from(s, 0)) return false;
  // ... or ':'-separated, as ffmpeg's filter options ("overlay=eof_action=pass:shortest=1:repeatlast=0",
  // where "pass" is a value and the rest read as its password).
  if (s.find(':') != std::string_view::npos && s.find('=') != std::string_view::npos && settings_from(s, 0, ':'))
    return false;
  if (validation_rules(s)) return false;
  // A setting of letters ("ou=application", an LDAP DN's part in a format's
  // description): a name and a word, not a password.
  if (const auto eq = s.find('='); eq != std::string_view::npos && eq > 0 && eq + 1 < s.size() &&
      std::all_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '=' || c == '_' || c == '-'; }) &&
      std::count(s.begin(), s.end(), '=') == 1)
    return false;
  // Rate limits ("reset_password": "20/m/ip,5/m/key" in django-allauth):
  // a count per s, m, h or d, maybe per what it is counted by.
  {
    bool limits = true;
    for (std::size_t b = 0; b <= s.size() && limits;) {
      const std::size_t e = std::min(s.find(',', b), s.size());
      const std::string_view part = s.substr(b, e - b);
      std::size_t i = 0;
      while (i < part.size() && is_digit(part[i])) ++i;
      limits = i > 0 && i + 2 <= part.size() && part[i] == '/' && std::strchr("smhd", part[i + 1]) != nullptr &&
               (i + 2 == part.size() || (part[i + 2] == '/' && i + 3 < part.size()));
      b = e + 1;
    }
    if (limits) return false;
  }
  return char_classes(s) >= 2;
}

bool uri_password(std::string_view secret, std::string_view match) {
  if (secret.empty() || secret[0] == '$' || secret[0] == ':') return false;
  // "curl -u 'http://host/...'": a URL where the user goes, read as user
  // "http" and password "//host/...".
  if (starts_with(secret, "//")) return false;
  // A template's slot in braces ("-u 'AC...:{AuthToken}'" in an API's curl
  // samples, the token left for the reader to fill in): a name of letters
  // and '_' only; a password written in braces has other characters.
  if (const auto at = match.rfind(secret); at != std::string_view::npos && at > 0 && match[at - 1] == '{' &&
      std::all_of(secret.begin(), secret.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }))
    return false;
  // A URL of several hosts ("https://foo.com:123,foo:bar@bar.com"): what
  // stands where the password goes is the first host's port.
  if (const auto comma = secret.find(','); comma != std::string_view::npos && comma > 0 &&
      std::all_of(secret.begin(), secret.begin() + static_cast<std::ptrdiff_t>(comma), is_digit))
    return false;
  // "%(password)s" or "%DB_PASS%" stand in for a value; "%40..." is a
  // percent-encoded password.
  if (secret[0] == '%' && !(secret.size() > 2 && is_hex(secret[1]) && is_hex(secret[2]))) return false;
  const std::string lower = to_lower_ascii(secret);
  // A redaction mask ("postgres://user:***PASSWORD***@host" in a test of a
  // connection string's Debug output).
  if (secret.find("***") != std::string_view::npos) return false;
  // "x-oauth-basic" is the fixed word GitHub takes as the password when the
  // token is the user name ("https://${TOKEN}:x-oauth-basic@github.com").
  // ... also percent-decoded, with the signs around it dropped ("%25password", a
  // test of how a client escapes the proxy URL it is given).
  std::string word_only;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (lower[i] == '%' && i + 2 < lower.size() && is_hex(lower[i + 1]) && is_hex(lower[i + 2])) i += 2;
    else if (is_alnum(lower[i]) || lower[i] == '-') word_only += lower[i];
  }
  for (const char* word : {"password", "pass", "passwd", "pwd", "secret", "user", "username", "root", "mypass",
                           "mypassword", "mysecret", "x-oauth-basic"})
    if (lower == word || word_only == word) return false;
  // A lower-case name that says what belongs there ("proxy_password", "badpass",
  // "personal-access-token", "auth_key").
  if (std::all_of(lower.begin(), lower.end(),
                  [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }) &&
      std::all_of(secret.begin(), secret.end(), [](char c) { return !std::isupper(static_cast<unsigned char>(c)); })) {
    for (const char* word : {"pass", "pwd", "secret", "token"})
      if (lower.find(word) != std::string::npos) return false;
    // ... or names a key ("auth_key" in a sample URI; not "monkey").
    if (ends_with(lower, "_key") || ends_with(lower, "-key")) return false;
  }
  // Letters that spell the word itself, in any case and language, around
  // other words ("Yourftppassword", "Deinftppasswort", "TuaPasswordFTP" in a
  // translated example URL).
  if (std::all_of(secret.begin(), secret.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    for (const char* word : {"password", "passwort", "passwd", "motdepasse"})
      if (lower.find(word) != std::string::npos) return false;
  // user == password ("guest:guest@") is a default, not a secret.
  const auto scheme = match.find("://");
  if (scheme != std::string_view::npos) {
    const auto user_start = scheme + 3;
    // "redis://[:password]@host": documentation's optional part in brackets
    // (RFC 3986 has no '[' in a userinfo).
    if (user_start < match.size() && match[user_start] == '[') return false;
    const auto colon = match.find(':', user_start);
    if (colon != std::string_view::npos && match.substr(user_start, colon - user_start) == secret)
      return false;
    // ... nor a stand-in pair ("user:pasword@", "user:pass[word@" in documentation).
    if (colon != std::string_view::npos && stand_in_pair(match.substr(user_start, colon - user_start), secret))
      return false;
  }
  // ... also as `user:password` without a scheme ("curl -u username:p4ssw0rd").
  if (const auto value_at = match.rfind(secret); value_at != std::string_view::npos && value_at > 1 && match[value_at - 1] == ':') {
    std::size_t user_begin = value_at - 1;
    while (user_begin > 0 && (is_alnum(match[user_begin - 1]) || match[user_begin - 1] == '_' || match[user_begin - 1] == '.' ||
                              match[user_begin - 1] == '-'))
      --user_begin;
    if (stand_in_pair(match.substr(user_begin, value_at - 1 - user_begin), secret)) return false;
  }
  // A template's host ("postgresql://UserName:PassWorld@Host:Port/DataBaseName"):
  // the whole URL says what belongs where.
  if (const auto value_at = match.find(secret); value_at != std::string_view::npos) {
    const auto at = match.find('@', value_at + secret.size());
    if (at != std::string_view::npos) {
      std::size_t end = at + 1;
      while (end < match.size() && (is_alnum(match[end]) || match[end] == '_' || match[end] == '-')) ++end;
      const std::string host = to_lower_ascii(match.substr(at + 1, end - at - 1));
      for (const char* word : {"host", "hostname", "server", "servername", "yourhost", "your_host", "your-host"})
        if (host == word && (end == match.size() || match[end] != '.')) return false;
    }
  }
  return true;
}

// A secret field Jenkins encrypted (util/jenkins_secret.hpp); the rule
// captures the base64 inside the braces, which the match holds around it.
bool jenkins_encrypted(std::string_view secret, std::string_view match) {
  std::string braced;
  braced.reserve(secret.size() + 2);
  braced.append("{").append(secret).append("}");
  return match.find(braced) != std::string_view::npos && is_jenkins_encrypted(braced);
}

// A secret field's whole text that Jenkins did not encrypt: it reads the text
// as the secret itself. A `{AQAAAB...}` of base64 that fails the layout is an
// encrypted value cut short or edited (jenkins-encrypted-secret's), and a PEM
// block is the private-key rules'.
bool jenkins_plaintext(std::string_view secret, std::string_view) {
  if (is_jenkins_encrypted(secret) || secret.find("-----BEGIN") != std::string_view::npos) return false;
  if (starts_with(secret, "{AQAAAB") && secret.back() == '}') {
    const std::string_view body = secret.substr(1, secret.size() - 2);
    if (std::all_of(body.begin(), body.end(), [](char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }))
      return false;
  }
  // What a field holds when nobody filled it in.
  const std::string lower = to_lower_ascii(secret);
  for (const char* word : {"todo", "tbd", "none", "null", "nil", "undefined", "true", "false", "n/a", "password",
                           "passwd", "pass", "secret", "token", "passphrase", "privatekey", "apitoken"})
    if (lower == word) return false;
  // Token replacement (Ant/Maven "@password@", "@@TOKEN@@", "__SECRET__").
  const auto token_name = [](std::string_view s, std::string_view fence) {
    if (s.size() <= 2 * fence.size() || !starts_with(s, fence) || s.substr(s.size() - fence.size()) != fence) return false;
    const std::string_view inner = s.substr(fence.size(), s.size() - 2 * fence.size());
    return std::all_of(inner.begin(), inner.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
  };
  if (token_name(secret, "@") || token_name(secret, "@@") || token_name(secret, "__")) return false;
  // Code that reads like YAML: a property set from another object
  // ("clientSecret: env.GITHUB_CLIENT_SECRET," in TypeScript). A YAML value
  // ends without ',' or ';', and is not a dotted name.
  if (secret.back() == ',' || secret.back() == ';') return false;
  // A variable of the code around ("privateKey: newPrivateKey" in a JavaScript
  // object) or a type ("password: bytes" in a Python annotation).
  if (camel_case_words(secret)) return false;
  for (const char* type : {"bytes", "str", "string", "int", "bool", "Optional[str]", "Optional[bytes]"})
    if (secret == type) return false;
  if (const auto dot = secret.find('.'); dot != std::string_view::npos && dot > 0 && dot + 1 < secret.size() &&
      std::isalpha(static_cast<unsigned char>(secret[0])) && std::isalpha(static_cast<unsigned char>(secret[dot + 1])) &&
      std::all_of(secret.begin(), secret.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.'; }))
    return false;
  // JavaScript that reads like YAML once a source map's text is decoded
  // ("password: accessorDescriptor(getPassword, function (password) {"): a
  // call with arguments after a space, ending the line as code does.
  const auto open = secret.find('(');
  return !(open != std::string_view::npos && open >= 3 && secret.find(' ') != std::string_view::npos &&
           std::all_of(secret.begin(), secret.begin() + static_cast<std::ptrdiff_t>(open),
                       [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '$'; }) &&
           std::strchr("){,;", secret.back()) != nullptr);
}

// Network device configurations (util/device_secrets.hpp). A Cisco type 7 or
// Juniper $9$ value is accepted when it decodes, as the device wrote it, to
// printable text; the text is only checked, then wiped.
bool cisco_type7(std::string_view secret, std::string_view) {
  std::string plain;
  const bool ok = cisco_type7_decode(secret, plain);
  wipe_secret(plain);
  return ok;
}

bool juniper_9(std::string_view secret, std::string_view) {
  std::string plain;
  const bool ok = juniper9_decode(secret, plain);
  wipe_secret(plain);
  return ok;
}

// A clear-text password or key in a device command's place: not a word of the
// command's syntax or an argument name as the command reference prints it.
// Nor prose that starts a line the way the command does ("username and
// password here:" in a chart's documentation): a word and a colon, full stop
// or comma.
bool device_plaintext(std::string_view secret, std::string_view) {
  // ... or Markdown's code spans ("username and password (`admin`/`admin`).").
  if (secret.find('`') != std::string_view::npos) return false;
  // A stand-in named for what goes there ("crypto isakmp key my_key address
  // 1.1.1.1" in a configuration template): "my" and the word.
  std::string word = to_lower_ascii(secret);
  word.erase(std::remove_if(word.begin(), word.end(), [](char c) { return c == '_' || c == '-'; }), word.end());
  for (const char* stand_in : {"mykey", "mysecret", "mypassword", "mypass", "mypsk", "mysharedkey", "mytoken"})
    if (word == stand_in) return false;
  if (secret.size() > 1 && std::strchr(":.,", secret.back()) != nullptr &&
      std::all_of(secret.begin(), secret.end() - 1, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    return false;
  return !is_device_syntax_word(secret);
}

// An SNMP community: not that, nor public or private, which every manager
// tries first and which the structure analyzer reports as a weakness instead.
bool snmp_community(std::string_view secret, std::string_view) {
  return !is_device_syntax_word(secret) && !is_default_snmp_community(secret);
}

// Not a message about the password where a test compares it ("should be at least 7
// character(s)", an error a form returns): four words or more and a word of such messages.
// A passphrase of words ("correct horse battery staple") holds none of them.
bool not_message(std::string_view secret, std::string_view) {
  if (std::count(secret.begin(), secret.end(), ' ') < 3) return true;
  return !holds_word(to_lower_ascii(secret), {"should", "must", "least", "characters", "character", "required", "invalid",
                                              "too", "cannot", "doesn", "match", "blank", "empty"});
}

struct named_validator { const char* name; validator_fn fn; };
constexpr named_validator kValidators[] = {
    {"github_checksum", github_checksum},
    {"npm_checksum", npm_checksum},
    {"jwt", jwt},
    {"jwe", jwe},
    {"pem_private_key", pem_private_key},
    {"der_private_key", der_private_key},
    {"webex_token", webex_token},
    {"base64", base64_value},
    {"ses_smtp_password", ses_smtp_password},
    {"header_value_not_tenant", header_value_not_tenant},
    {"basic_credentials", basic_credentials},
    {"basic_password_not_placeholder", basic_password_not_placeholder},
    {"docker_config_json", docker_config_json},
    {"not_client_side_key", not_client_side_key},
    {"azure_sas_fields", azure_sas_fields},
    {"hex", hex_value},
    {"mixed_case", mixed_case},
    {"mixed_case_or_digits", mixed_case_or_digits},
    {"not_code_call", not_code_call},
    {"not_named_value", not_named_value},
    {"not_message", not_message},
    {"not_request_id", not_request_id},
    {"url_path_not_placeholder", url_path_not_placeholder},
    {"upper_lower_digit", upper_lower_digit},
    {"not_hex", not_hex},
    {"not_resource_name", not_resource_name},
    {"generic_value", generic_value},
    {"uri_password", uri_password},
    {"jenkins_encrypted", jenkins_encrypted},
    {"jenkins_plaintext", jenkins_plaintext},
    {"cisco_type7", cisco_type7},
    {"juniper_9", juniper_9},
    {"device_plaintext", device_plaintext},
    {"snmp_community", snmp_community},
};

// Values published in vendors' documentation, not secrets anyone holds.
constexpr const char* kDocumentationValues[] = {
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "gho_16C7e42F292c6912E7710c838347Ae178B4a",
    "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    "xoxb-not-a-real-token-this-will-not-work",
    "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",
    "D1fficultP%40ssw0rd",  // MongoDB connection-string documentation
    "D1fficultP@ssw0rd",
    // The App Check debug tokens Firebase's documentation logs as examples.
    "123a4567-b89c-12d3-e456-789012345678",
    "3BA09C8C-8A0D-4030-ACD5-B96D99DB73F9",
    // The Azurite / Azure Storage Emulator account key (devstoreaccount1), the
    // same on every machine by design.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    // The examples of the OAuth 2.0 RFCs (6749: client s6BhdRkqt3's secret and
    // its Basic header, an authorization code, an access and a refresh token;
    // 6750: a bearer token), copied into docs and tests of OAuth servers.
    "7Fjfp0ZBr1KtDRbnfVdmIw",
    "gX1fBat3bV",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "SplxlOBeZQQYbYS6WxSbIA",
    "2YotnFZFEjr1zCsicMWpAA",
    "tGzv3JOkF0XG5Qx2TlKWIA",
    "mF_9.B5f-4.1JqM",
    // The access key of MinIO's public playground (play.min.io), printed in
    // MinIO's documentation and set in every mc client's default config.
    "Q3AM3UQ867SPQQA43P2F",
    "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG",
    // Defaults that applications ship and document: Grafana's secret_key
    // (defaults.ini) and Roundcube's des_key (defaults.inc.php).
    "SW2YcwTIb9zpOOhoPsMm",
    "rcmail-!24ByteDESkey*Str",
    // The Google Cloud SDK's own OAuth client secrets (gcloud's, and its application-default
    // login's), the same in every installation: a committed gcloud or .boto config holds
    // one beside its user's refresh token, and the refresh token is the secret.
    "ZmssLNjJy2998hD4CTg2ejr2",
    "d-FL95Q19q7MQmFpd7hHD0Ty",
    // The example seeds of Google Authenticator's Key URI format and of pyotp's
    // README, copied into OTP tutorials and tests.
    "JBSWY3DPEHPK3PXP",
    "base32secret3232",
    // The token shown on jwt.io and copied into countless tutorials.
    ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
     "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
    // Google API keys published in the Firebase Android SDK's own sources (its
    // tests, sample google-services.json files and FirebaseOptions docs, in
    // firebase/firebase-android-sdk's history): copied with the SDK's tests,
    // they are Google's examples, not anyone's credentials. Firebase keys are
    // public by design in any case (docs/rules.md).
    "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ",
    "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
    "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
    "AIzaSyAGlVkolEukFeuqjj9OBPNp9Bzm-mBLL3Q",
    "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
    "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
    "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c",
    "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
    "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
    "AIzaSyBBuSQWjk5VJJnHwOfJxw6M7XXjpnW_j-s",
    "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU",
    "AIzaSyBTCYWO1TonIFajGuBmq-x1m4qiuPlBSOc",
    "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
    "AIzaSyC1bJWZMKECLxXhbZlVrejsoneuzsEKbF0",
    "AIzaSyCT43_YT7B59u5KtzIlbJrwANinug62pHo",
    "AIzaSyCU9WDZQp38XP4lyGoDmzBNpp5MxioqiWs",
    "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
    "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0",
    "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
    "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
    "AIzaSyDX-ZDDmrNo4zqnKs48-VvrZUePM2udbL4",
    "AIzaSyDdVgKwhZl0sTTTLZ7iTmt1r3N2cJLnaDk",
    "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
};

// Documented defaults that read like templates but are used as they stand:
// the SA password of Microsoft's SQL Server container documentation.
constexpr std::string_view kKeptDefaults[] = {"yourStrong(!)Password"};

// Words that mark a value as an illustration. Matched case-insensitively
// anywhere in the secret; long random secrets contain them by chance with a
// probability far below one in a million.
constexpr const char* kPlaceholderWords[] = {
    "example", "placeholder", "changeme", "change_me", "change-me", "dummy", "redacted",
    "your_", "your-", "your ", "yourkey", "yourtoken", "yoursecret", "yourpassword", "replace_me",
    // ... "your" in Chinese, plain and polite ("<your>IPsec<pre-shared key>" in a translated guide)
    "\xe4\xbd\xa0\xe7\x9a\x84", "\xe6\x82\xa8\xe7\x9a\x84",
    "replaceme", "insert_", "insert-", "sample", "notreal", "not_real", "not-real", "phony",
    "not-a-real", "fake_", "fake-", "fakekey", "faketoken", "lorem", "xxxx", "****",
    // a test's mock value ("API-KEY-MOCK1023893INAPP"), the word set apart
    "-mock", "_mock", "mock_", "mock-",
    // a test's stand-in value ("2.SENTINEL-password|encrypted")
    "sentinel-", "sentinel_",
    "....", "####", "<", ">", "${", "{{", "}}", "<%", "%>", "#{",
    // ... the same escaped in an HTML page ("&lt;password&gt;" in built documentation)
    "&lt;", "&gt;",
    "12345678", "01234567", "1234-1234", "abcdefgh", "abc123",
    // Keyboard rows typed for a made-up value (the bottom row's five letters
    // are one in ~30 million per position in a random key).
    "qwerty", "asdfgh", "zxcvb", "secret_here", "token_here",
    "key_here", "password_here", "passwordhere", "secrethere", "tokenhere", "keyhere",
    // A value that describes what belongs there ("SomeRandomStringThatMustBe32Char").
    "randomstring", "random_string", "random-string",
    // ... or says so in a key's shape ("AIRaNdOmX4ULR-..." for a Firebase key in a README)
    "random",
    // ... or asks for one ("replacethiswithyourownsecret!", "dev-key-change-in-production").
    "replacethis", "replace_this", "replace-this", "replace-with", "replace_with", "replacewith", "changethis", "change_this", "change-this", "yourown",
    "change-in-prod", "change_in_prod", "changeinprod",
    "pleasegenerate", "please_generate", "please-generate", "pleasechange", "please_change", "please-change",
    "pleasereplace", "please_replace", "please-replace",
    // ... or says it is made up ("RANDOMCHARS-----DWxg..." in a mailer's example).
    "randomchars", "abcd1234", "abcd-1234", "1234-5678", "1111-2222",
    // ... or fills the place with a word ("...blahblahblah..." in a provisioner's README).
    "blahblah",
    // ... or is the metasyntactic pair ("fooBarqsLl..." as a documentation's API key).
    "foobar",
    // ... or spells an instruction ("SomeRandom32CharString") or the word in
    // another language ("motdepasse123": French for password123).
    "somerandom", "motdepasse",
    // ... or how long it must be ("random_32_characters", "at_least_32_characters").
    "_characters", "-characters",
};

}  // namespace

bool has_valid_base62_crc32(std::string_view token, std::size_t prefix_len) noexcept {
  if (token.size() != prefix_len + 36) return false;
  const std::string_view body = token.substr(prefix_len, 30);
  const std::string_view check = token.substr(prefix_len + 30, 6);
  if (!std::all_of(body.begin(), body.end(), is_alnum)) return false;
  std::uint32_t crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  static const char* alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  char encoded[6];
  for (int i = 5; i >= 0; --i) {
    encoded[i] = alphabet[crc % 62];
    crc /= 62;
  }
  return std::memcmp(encoded, check.data(), 6) == 0;
}

validator_fn find_validator(std::string_view name) noexcept {
  for (const auto& v : kValidators)
    if (name == v.name) return v.fn;
  return nullptr;
}

std::vector<std::string> validator_names() {
  std::vector<std::string> names;
  for (const auto& v : kValidators) names.emplace_back(v.name);
  return names;
}

namespace {
// Modular crypt format: "$" + a short lower-case id + "$" + more ("$apr1$salt$hash").
bool is_crypt_hash(std::string_view secret) noexcept {
  std::size_t i = 1;
  while (i < secret.size() && i <= 8 &&
         (std::islower(static_cast<unsigned char>(secret[i])) || std::isdigit(static_cast<unsigned char>(secret[i]))))
    ++i;
  return i > 1 && i < secret.size() && secret[i] == '$' && secret.size() - i > 8;
}
// The position of a character in its class (digit, letter), -1 for others;
// letters compare case-insensitively.
int order_of(char ch) noexcept {
  const auto c = static_cast<unsigned char>(ch);
  if (std::isdigit(c)) return c - '0';
  if (std::isalpha(c)) return 100 + (std::tolower(c) - 'a');
  return -1;
}

bool next_in_order(char a, char b, int step) noexcept {
  const int x = order_of(a), y = order_of(b);
  if (x < 0 || y < 0 || (x < 100) != (y < 100)) return false;
  if (x < 100) return (x + step + 10) % 10 == y;  // digits wrap: ...8, 9, 0, 1
  return x + step == y;
}

// Whether ascending runs of five or more ("abcdef", "ghijkl", "mnopqr") make
// up half a value of 16 characters or more: a made-up value typed as runs with
// a few other characters between them ("7e4abcdef456Ghijkl789mnopqr012stuvwx"),
// which the 8-character test misses because each run is shorter. In a random
// value a given character starts such a run with a probability below one in
// 60,000 (hex digits), so half the value never is.
bool ascending_runs_cover_half(std::string_view s) noexcept {
  if (s.size() < 16) return false;
  std::size_t covered = 0, run = 1;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i < s.size() && next_in_order(s[i - 1], s[i], 1)) {
      ++run;
      continue;
    }
    if (run >= 5) covered += run;
    run = 1;
  }
  return covered * 2 >= s.size();
}

// Every byte from 00 counted up, as documentation writes a 16-byte value
// ("00112233445566778899aabbccddeeff"): hex digits doubled, each pair one more
// than the last, eight pairs or more.
bool doubled_hex_count(std::string_view s) noexcept {
  if (s.size() < 16 || s.size() % 2 != 0) return false;
  const auto value = [](char c) {
    const auto u = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)));
    return u >= '0' && u <= '9' ? u - '0' : u >= 'a' && u <= 'f' ? u - 'a' + 10 : -1;
  };
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int v = value(s[i]);
    if (v < 0 || value(s[i + 1]) != v) return false;
    if (i > 0 && v != (value(s[i - 2]) + 1) % 16) return false;
  }
  return true;
}

// Sequences people type for a made-up value: eight characters ascending or
// descending ("23456789", "87654321", "zyxwvuts"), or two interleaved
// ascending runs of four pairs ("a1b2c3d4", "1a2b3C4d", "A1B2C3D4"). A random
// key of 64 characters holds either with a probability below one in 10^5
// even when it is made of hex digits only.
bool typed_sequence(std::string_view s) noexcept {
  // Groups a value is shown in ("abcd efgh ijkl mnop" where a Google app password goes)
  // are read as one run.
  if (s.find(' ') != std::string_view::npos) {
    std::string joined;
    for (char c : s)
      if (c != ' ') joined += c;
    if (joined.size() < s.size()) return typed_sequence(joined);
  }
  for (int step : {1, -1}) {
    std::size_t run = 1;
    for (std::size_t i = 1; i < s.size(); ++i) {
      run = next_in_order(s[i - 1], s[i], step) ? run + 1 : 1;
      if (run >= 8) return true;
    }
  }
  for (std::size_t i = 0; i + 8 <= s.size(); ++i) {
    bool interleaved = (order_of(s[i]) < 100) != (order_of(s[i + 1]) < 100);
    for (std::size_t k = 0; interleaved && k < 3; ++k)
      interleaved = next_in_order(s[i + 2 * k], s[i + 2 * k + 2], 1) && next_in_order(s[i + 2 * k + 1], s[i + 2 * k + 3], 1);
    if (interleaved) return true;
  }
  return ascending_runs_cover_half(s);
}

// Which characters of `s` are in a run of three or more, up or down.
std::vector<bool> in_runs(std::string_view s) {
  std::vector<bool> covered(s.size(), false);
  for (int step : {1, -1}) {
    std::size_t start = 0;
    for (std::size_t i = 1; i <= s.size(); ++i) {
      if (i < s.size() && next_in_order(s[i - 1], s[i], step)) continue;
      if (i - start >= 3)
        for (std::size_t k = start; k < i; ++k) covered[k] = true;
      start = i;
    }
  }
  return covered;
}

// A name and a sequence where a random part goes ("memos_pat_xyz789",
// "deploy-token-abc123"): the part after the last '_' or '-', six to eight
// characters, all runs of three or more. (Longer tails of runs of four,
// "klmn1234opqr", are left to the rules that see whole values.)
bool sequence_tail(std::string_view s) {
  const auto sep = s.find_last_of("_-");
  if (sep == std::string_view::npos || s.size() - sep - 1 < 6 || s.size() - sep - 1 > 8) return false;
  const std::vector<bool> covered = in_runs(s.substr(sep + 1));
  return std::all_of(covered.begin(), covered.end(), [](bool c) { return c; });
}

// A value of ten characters or more made only of runs of three or more,
// up or down ("12345", "abcde", "7890", "321"), and the words people write where a
// secret goes ("12345secret7890", "12345abcde67890", "password123"), one
// character aside ("secret@123"). In a random value a character starts a run
// of three with a probability of one in 100 or less, so covering it whole
// never happens by chance.
bool runs_and_words(std::string_view s) noexcept {
  if (s.size() < 10) return false;
  std::vector<bool> covered = in_runs(s);
  const std::string lower = to_lower_ascii(s);
  for (const char* word : {"password", "passwd", "secret", "token", "apikey", "testing", "test", "admin", "pass", "key", "my"})
    for (auto at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1))
      for (std::size_t k = at; k < at + std::strlen(word); ++k) covered[k] = true;
  return std::count(covered.begin(), covered.end(), false) <= 1;
}

// Letters and digits taking turns, each kind in order ("A1bC2dE3fH4iJ5kL6...",
// the alphabet with the digits dealt in): the letters go up by one or two,
// the digits by one (9 to 0 allowed), 8 letters and 4 digits at least.
bool interleaved_sequences(std::string_view s) noexcept {
  int letters = 0, digits = 0, last_letter = -1, last_digit = -1;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) {
      const int v = std::tolower(c) - 'a';
      if (last_letter >= 0 && v != last_letter + 1 && v != last_letter + 2) return false;
      last_letter = v;
      ++letters;
    } else if (std::isdigit(c)) {
      const int v = c - '0';
      if (last_digit >= 0 && v != (last_digit + 1) % 10) return false;
      last_digit = v;
      ++digits;
    } else {
      return false;
    }
  }
  return letters >= 8 && digits >= 4;
}

// A value that says what it stands for, numbered: lower-case words (a digit
// may end one, "oauth2") joined by '_' or '-' and then "123" or "1234"
// ("payment_to_void_123", "oauth2_access_token_123", "new-secret-1234"), or a
// credential word alone before it ("token123").
bool numbered_description(std::string_view s) noexcept {
  std::string_view body;
  bool number_first = false;
  if (ends_with(s, "1234")) body = s.substr(0, s.size() - 4);
  else if (ends_with(s, "123")) body = s.substr(0, s.size() - 3);
  else
    // ... or the number first ("123456_set_at_workflow_level").
    for (const char* number : {"123456_", "123456-", "1234_", "1234-", "123_", "123-"})
      if (starts_with(s, number)) {
        body = s.substr(std::strlen(number));
        number_first = true;
        break;
      }
  if (body.empty()) return false;
  if (!number_first && (body.back() == '_' || body.back() == '-')) body.remove_suffix(1);
  if (body.empty()) return false;
  const char separator = body.find('-') != std::string_view::npos ? '-' : '_';
  int words = 0;
  for (std::size_t b = 0; b <= body.size();) {
    const std::size_t e = std::min(body.find(separator, b), body.size());
    const std::string_view word = body.substr(b, e - b);
    std::size_t letters = 0;
    while (letters < word.size() && word[letters] >= 'a' && word[letters] <= 'z') ++letters;
    if (letters < 2 || word.size() - letters > 1 || (letters < word.size() && !is_digit(word[letters]))) return false;
    ++words;
    b = e + 1;
  }
  if (words >= 2) return true;
  for (const char* word : {"token", "password", "passwd", "secret", "apikey", "key", "pass"})
    if (body == word) return true;
  return false;
}

// Upper-case words joined by '_' or '-', each letters and at most two
// digits after them, or a number of at most three digits ("DB_PASSWORD_2").
bool upper_case_name(std::string_view s) noexcept {
  for (std::size_t b = 0; b <= s.size();) {
    std::size_t e = b;
    while (e < s.size() && s[e] != '_' && s[e] != '-') ++e;
    std::size_t letters = b;
    while (letters < e && std::isupper(static_cast<unsigned char>(s[letters]))) ++letters;
    const std::size_t digits = e - letters;
    const bool word = letters > b && digits <= 2, number = letters == b && digits >= 1 && digits <= 3;
    if (e > b && !word && !number) return false;
    for (std::size_t k = letters; k < e; ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    b = e + 1;
  }
  return true;
}
}  // namespace

bool word_phrase(std::string_view value) noexcept {
  // 32 characters or more: a random key of that length over [A-Za-z0-9_-]
  // has no digit and three separators about 3 times in 10,000.
  if (value.size() < 32) return false;
  int words = 0, numbers = 0;
  for (std::size_t b = 0; b < value.size();) {
    const std::size_t e = std::min(value.find_first_of("-_", b), value.size());
    // One number among the words, of one to three digits, inside the value
    // ("default-secret-key-must-be-at-least-32-bytes").
    if (b > 0 && e < value.size() && e - b <= 3 &&
        std::all_of(value.begin() + static_cast<std::ptrdiff_t>(b), value.begin() + static_cast<std::ptrdiff_t>(e), is_digit) &&
        ++numbers == 1) {
      b = e + 1;
      continue;
    }
    // Words of two letters or more; the first and last may be cut by the match.
    if (e - b < (b == 0 || e == value.size() ? 1u : 2u)) return false;
    for (std::size_t i = b; i < e; ++i)
      if (!std::isalpha(static_cast<unsigned char>(value[i]))) return false;
    ++words;
    b = e + 1;
  }
  return words >= 4 + numbers;
}

bool identifier_name(std::string_view value) noexcept {
  if (value.size() < 20) return false;
  int words = 0, acronyms = 0, long_words = 0;
  for (std::size_t b = 0; b < value.size();) {
    const auto c = static_cast<unsigned char>(value[b]);
    if (!std::isalpha(c)) return false;
    std::size_t e = b + 1;
    if (std::isupper(c) && e < value.size() && std::isupper(static_cast<unsigned char>(value[e]))) {
      // An acronym: the capitals up to the one that starts the next word ("APIClient").
      while (e < value.size() && std::isupper(static_cast<unsigned char>(value[e]))) ++e;
      if (e < value.size() && std::islower(static_cast<unsigned char>(value[e]))) --e;
      if (e - b < 2 || e - b > 5) return false;  // longer runs of capitals are not acronyms
      ++acronyms;
    } else {
      while (e < value.size() && std::islower(static_cast<unsigned char>(value[e]))) ++e;
      const std::string_view word = value.substr(b, e - b);
      if (word.size() < 3 || word.find_first_of("aeiouyAEIOUY") == std::string_view::npos) return false;
      if (word.size() >= 5) ++long_words;
    }
    ++words;
    b = e;
  }
  // Names are mostly words, two of them of five letters or more ("Production").
  return words >= 3 && acronyms * 3 <= words && long_words >= 2;
}

bool is_placeholder(std::string_view secret) noexcept {
  if (secret.size() < 4) return true;
  // A field's type where its value would be (`password String` in a Prisma
  // model, `password: String!` in a GraphQL schema).
  for (const char* type : {"String", "String?", "String!", "Integer", "Boolean", "Bytes", "BigInt", "DateTime", "VARCHAR"})
    if (secret == type) return true;
  // ... or a schema's own type, non-null ("password: PasswordState!" in GraphQL):
  // capitalised words, the last one a type's ("AnotherStrongPass!" is a value).
  if (secret.size() > 4 && secret.back() == '!' && std::isupper(static_cast<unsigned char>(secret[0])) &&
      std::all_of(secret.begin(), secret.end() - 1, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    for (const char* suffix : {"State!", "Input!", "Type!", "Result!", "Payload!", "Status!", "Info!", "Object!", "Data!"})
      if (secret.size() > std::strlen(suffix) && ends_with(secret, suffix)) return true;
  // ... and an SQL column's type with its size ("password VARCHAR(100)," in a schema).
  for (const char* type : {"varchar(", "nvarchar(", "char(", "varbinary(", "binary(", "character varying("}) {
    const std::size_t n = std::strlen(type);
    if (secret.size() > n && icontains(secret.substr(0, n), type)) {
      std::size_t i = n;
      while (i < secret.size() && is_digit(secret[i])) ++i;
      if (i > n && i < secret.size() && secret[i] == ')' && secret.size() - i <= 2) return true;
    }
  }
  for (const char* doc : kDocumentationValues)
    if (secret == doc) return true;
  // A UUID of zeros but for a few digits: no random id, but one a vendor numbered
  // by hand (Microsoft's first-party applications: Graph's
  // 00000003-0000-0000-c000-000000000000, Exchange Online's 00000002-0000-0ff1-ce00-...).
  if (looks_like_uuid(secret) && std::count(secret.begin(), secret.end(), '0') >= 24) return true;
  // The name of a required variable, read after the ':' of "${JWT_SIGNING_KEY:?JWT_SIGNING_KEY
  // is required}" in a compose file: '?' and an upper-case name.
  if (secret.size() > 2 && secret[0] == '?' && upper_case_name(secret.substr(1))) return true;
  // A build's substitution marker ("!!RT_USER_PASSWD_MIN!!" in Request Tracker's
  // config.pm.in, filled in by configure).
  if (secret.size() > 6 && starts_with(secret, "!!") && ends_with(secret, "!!") &&
      upper_case_name(secret.substr(2, secret.size() - 4)))
    return true;
  // A value SOPS encrypted in place ("ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]"
  // in a *.sops.yaml file): ciphertext whose key is in a KMS, age or PGP key ring.
  if (starts_with(secret, "ENC[") && secret.find(",data:") != std::string_view::npos) return true;
  // No one at all (a Grafana data source's X-Scope-OrgID header value, an FTP login).
  if (secret == "anonymous") return true;
  for (const char* word : kPlaceholderWords)
    if (icontains(secret, word)) return true;
  // A description ending in "here" ("random-32-char-string-here"), or a token
  // cut short with an ellipsis ("eyJhbGciOiJSUzI1NiIs..." in documentation):
  // 16 or more token characters before it ("MyPa$$w0rd..." may be a password
  // at the end of a sentence).
  if (secret.size() > 6 && (ends_with(secret, "-here") || ends_with(secret, "_here"))) return true;
  // A format string's slot ("syncope.admin.password=%s", "%s/oryx.debug.js-...properties"):
  // the value is filled in at run time.
  if (ends_with(secret, "=%s") || starts_with(secret, "%s/") || secret.find("/%s/") != std::string_view::npos) return true;
  const auto token_chars = [](std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return is_alnum(c) || c == '+' || c == '/' || c == '_' || c == '-'; });
  };
  for (const std::string_view ellipsis : {std::string_view("..."), std::string_view("\xE2\x80\xA6")})
    if (secret.size() >= 16 + ellipsis.size() && ends_with(secret, ellipsis) &&
        token_chars(secret.substr(0, secret.size() - ellipsis.size())))
      return true;
  // ... or shortened in the middle, as documentation shows a JWT ("eyJhbG...2g").
  if (const auto dots = secret.find("..."); starts_with(secret, "eyJ") && dots != std::string_view::npos &&
      token_chars(secret.substr(0, dots)) && token_chars(secret.substr(dots + 3)))
    return true;
  // The metasyntactic pair, however punctuated ("foo{bar", "foo}bar" in a
  // driver's escaping examples).
  {
    std::string letters;
    for (char c : secret) {
      if (is_digit(c)) { letters.clear(); break; }
      if (std::isalpha(static_cast<unsigned char>(c))) letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (letters == "foobar") return true;
  }
  // A note left where the value goes ("lookup..@TODO"): in capitals, as
  // such notes are written (four given letters come by chance at a place of
  // a random key once in 17 million).
  for (const char* note : {"TODO", "FIXME"})
    if (secret.find(note) != std::string_view::npos) return true;
  if (typed_sequence(secret) || doubled_hex_count(secret) || runs_and_words(secret) || interleaved_sequences(secret) ||
      numbered_description(secret) || sequence_tail(secret))
    return true;
  // A template value naming what to put there ("YourSecurePass123!",
  // "YourDB@Pass456!"): "your" and a capital, as a word begins. Not a default
  // that deployments keep and that works wherever they did.
  if (secret.size() > 4 && icontains(secret.substr(0, 4), "your") && std::isupper(static_cast<unsigned char>(secret[4])) &&
      std::find(std::begin(kKeptDefaults), std::end(kKeptDefaults), secret) == std::end(kKeptDefaults))
    return true;
  // Crowdin's in-context localization placeholders ("crwdns788:0crwdne788:0"),
  // which a pseudo-language file holds for every string of the application.
  if (starts_with(secret, "crwdns") && secret.size() > 6 && std::isdigit(static_cast<unsigned char>(secret[6])))
    return true;
  // Command substitution "$(cmd ...)" and printf templates "%(name)s". A bare
  // "$(" or "%(" also occurs in random secrets (Django keys draw from $%()).
  for (auto at = secret.find("$("); at != std::string_view::npos; at = secret.find("$(", at + 1))
    if (at + 2 < secret.size() && (std::isalpha(static_cast<unsigned char>(secret[at + 2])) || secret[at + 2] == '_') &&
        secret.find(')', at + 3) != std::string_view::npos)
      return true;
  for (auto at = secret.find("%("); at != std::string_view::npos; at = secret.find("%(", at + 1)) {
    std::size_t i = at + 2;
    while (i < secret.size() && (std::isalnum(static_cast<unsigned char>(secret[i])) || secret[i] == '_')) ++i;
    if (i > at + 2 && i < secret.size() && secret[i] == ')') return true;
  }
  // A printf verb where part of the value goes ("storage-systems/%s/passwords" % ssid,
  // "%s"): around it only what a format string of names holds (lower-case
  // letters, digits, "/_-.:&"). A random password with '%' and 's' in it has
  // capitals or other signs.
  const bool format_text = std::all_of(secret.begin(), secret.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '%' || std::strchr("/_-.:&", c) != nullptr;
  });
  for (auto at = secret.find("%s"); format_text && at != std::string_view::npos; at = secret.find("%s", at + 1))
    if (at + 2 == secret.size() || !is_alnum(secret[at + 2])) return true;
  // Shell, Make and Windows variable references standing in for a value; not
  // a crypt(3) hash, whose "$id$" (apr1, y, gy, sha1, ...) looks like one.
  if ((secret[0] == '$' && secret.size() > 1 &&
       (std::isalpha(static_cast<unsigned char>(secret[1])) || secret[1] == '_') && !is_crypt_hash(secret)) ||
      (secret.front() == '%' && secret.back() == '%'))
    return true;
  // A Symfony container parameter the value starts from
  // ("%kernel.project_dir%/config/jwt/private.pem").
  if (const auto close = secret.find('%', 1); secret[0] == '%' && close != std::string_view::npos && close >= 4 &&
      std::all_of(secret.begin() + 1, secret.begin() + static_cast<std::ptrdiff_t>(close),
                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '.'; }))
    return true;
  // The same escaped for a heredoc or a Makefile ("\$DEVSTACK_PASSWORD").
  if (secret.size() > 2 && secret[0] == '\\' && secret[1] == '$' &&
      (std::isalpha(static_cast<unsigned char>(secret[2])) || secret[2] == '_'))
    return true;
  // The name of a variable standing for the value ("DB_USER:DB_PASSWORD@",
  // "MACHINE-USER:MACHINE-PASS@"): upper-case words joined by '_' or '-' (a
  // word may end in two digits), naming a secret. Not a key that spells its
  // kind before a random part ("AGE-SECRET-KEY-1QY...").
  // The same after an '@' ("esxi1_password: @ESXI1_PASSWORD" in a template).
  const std::string_view named = secret[0] == '@' ? secret.substr(1) : secret;
  if (!named.empty() && upper_case_name(named)) {
    for (const char* word : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "_KEY", "_PASS", "_PWD", "-KEY", "-PASS", "-PWD", "ROOTPW",
                             "BINDPW", "_PW"})
      if (secret.find(word) != std::string_view::npos) return true;
  }
  // A form's validation rules where the field's value would be
  // ("'database_password' => 'required|string|max:50'" in a Laravel installer).
  if (validation_rules(secret)) return true;
  // An Ant or Maven filter token ("@projectversion@", "@@ERRBIT_DB_PASSWORD@@"),
  // replaced at build time.
  const std::size_t fence = starts_with(secret, "@@") && ends_with(secret, "@@") ? 2 : 1;
  if (secret.size() > 2 * fence && secret.front() == '@' && secret.back() == '@' &&
      std::all_of(secret.begin() + static_cast<std::ptrdiff_t>(fence), secret.end() - static_cast<std::ptrdiff_t>(fence), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-';
      }))
    return true;
  // An interpolated variable ("{password}" in a C# or Python format string).
  if (secret.size() > 2 && secret.front() == '{' && secret.back() == '}' &&
      std::all_of(secret.begin() + 1, secret.end() - 1, [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
      }))
    return true;
  // A name in brackets standing for the value ("[PASSWORD]", "[api key]").
  if (secret.front() == '[' && secret.back() == ']' &&
      std::all_of(secret.begin() + 1, secret.end() - 1, [](char ch) {
        return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == ' ';
      }))
    return true;
  // One or two distinct characters ("aaaaaaaa", "abababab").
  std::array<bool, 256> seen{};
  int distinct = 0;
  for (unsigned char c : secret)
    if (!seen[c]) { seen[c] = true; ++distinct; }
  // Or a few characters in runs ("aaaa1111bbbb2222...", "abcabcabc..."): a
  // random secret of 16 or more characters almost surely holds more than 4.
  return (secret.size() >= 6 && distinct <= 2) || (secret.size() >= 16 && distinct <= 4);
}

}  // namespace nhi::detail
