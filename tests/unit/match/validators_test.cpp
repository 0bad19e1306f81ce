// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <zlib.h>

#include <random>

#include "match/validators.hpp"
#include "util/text.hpp"

using namespace nhi::detail;

namespace {
// Builds a GitHub-style token with a correct checksum.
std::string checksummed(const std::string& prefix, const std::string& body30) {
  static const char* a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(body30.data()), static_cast<uInt>(body30.size()));
  std::string enc(6, '0');
  for (int i = 5; i >= 0; --i) { enc[i] = a[crc % 62]; crc /= 62; }
  return prefix + body30 + enc;
}
bool run(const char* name, std::string_view secret, std::string_view match = {}) {
  auto v = find_validator(name);
  REQUIRE(static_cast<bool>(v != nullptr));
  return v(secret, match.empty() ? secret : match);
}
}  // namespace

TEST_CASE("github and npm checksums accept correct tokens and reject altered ones") {
  const std::string good = checksummed("ghp_", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkL");
  CHECK(run("github_checksum", good));
  std::string bad = good;
  bad[10] = bad[10] == 'a' ? 'b' : 'a';
  CHECK_FALSE(run("github_checksum", bad));
  CHECK(run("npm_checksum", checksummed("npm_", "Zk3mQpR7vWx2Yt8NbLc4HdEfGh5JkL")));
  CHECK_FALSE(run("npm_checksum", good));  // wrong prefix
  // A token from the public corpus with a real checksum.
  CHECK(run("github_checksum", "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"));
}

TEST_CASE("jwt validator decodes header and payload") {
  const std::string header = base64_encode(R"({"alg":"HS256","typ":"JWT"})");
  const std::string payload = base64_encode(R"({"sub":"svc-billing","exp":4102444800})");
  auto strip = [](std::string s) { while (!s.empty() && s.back() == '=') s.pop_back(); return s; };
  CHECK(run("jwt", strip(header) + "." + strip(payload) + ".c2lnbmF0dXJlX2Zvcl9hbl9IUzI1Nl90b2tlbl9vZl8"));
  CHECK_FALSE(run("jwt", strip(base64_encode(R"({"typ":"JWT"})")) + "." + strip(payload) + ".sig"));  // no alg
  CHECK_FALSE(run("jwt", "eyJhbGciOi.not-json.sig"));
  // jwt.io's sample subject, whatever the other claims: a demonstration token.
  const std::string sample = base64_encode(R"({"sub":"1234567890","name":"John Doe","admin":true,"exp":4102444800})");
  CHECK_FALSE(run("jwt", strip(header) + "." + strip(sample) + ".c2lnbmF0dXJl"));
  // Signed with a key jwt.io publishes (today's default, the older HS512 one):
  // anyone can mint it. The same claims under another key are a secret.
  const std::string claims = "eyJzdWIiOiJzdmMtYmlsbGluZyIsImlzcyI6Im9yZGVycy5pbnRlcm5hbCIsImlhdCI6MTczMzAxMTIwMH0";
  CHECK_FALSE(run("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + claims + ".-ONQbNUHdph3WXGuW43xe6Cx495Otc2K-KhV3aaDh_s"));
  CHECK_FALSE(run("jwt", "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9." + claims +
                             ".tH7Q9M_XZzU0nitkoLS3I-3mBhW-ZjVvu7X4gP_Ze809S7QOy4MFahZ4nZdNYxqJXQJ5t1nwvHlUtQDeLSR5Vg"));
  CHECK(run("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + claims + ".70tlx1iirpsrw2duHRf2m2nNFu9ugoQ7MX6tW1a1Ovc"));
}

TEST_CASE("azure_sas_fields wants permission letters and IPv4 addresses") {
  const char* sig = "sig=awofixHotOKgi4o%2BOMFHV50b9M7EoicNwE1mYlXrqww%3D";
  auto match = [&](const std::string& fields) { return "?" + fields + "&" + sig; };
  CHECK(run("azure_sas_fields", "x", match("sp=racwdl&st=2024-01-01T00:00:00Z&sv=2022-11-02")));
  CHECK(run("azure_sas_fields", "x", match("sv=2022-11-02&sip=10.0.0.1-10.0.0.255&spr=https&sp=r")));
  CHECK(run("azure_sas_fields", "x", "=sv=2021-06-08&ss=b&srt=sco&sp=rl&sig=Lz7k2UFmhm"));
  CHECK_FALSE(run("azure_sas_fields", "x", match("sp=rqx&sv=2022-11-02")));         // q: no permission
  CHECK_FALSE(run("azure_sas_fields", "x", match("sp=&sv=2022-11-02")));
  CHECK_FALSE(run("azure_sas_fields", "x", match("sip=10.4.7&sp=r")));               // three octets
  CHECK_FALSE(run("azure_sas_fields", "x", match("sip=10.0.0.1-10.0.0.256&sp=r")));  // 256
}

TEST_CASE("pem validator wants matching labels and a real base64 body") {
  // A DER SEQUENCE (0x30) of 96 bytes.
  std::string body = base64_encode(std::string("\x30\x81\x5d", 3) + std::string(93, '\x42'));
  const std::string key = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
  CHECK(run("pem_private_key", key));
  CHECK_FALSE(run("pem_private_key", "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----"));
  CHECK_FALSE(run("pem_private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----"));
  // A key pasted into JSON with \n escapes.
  std::string escaped = "-----BEGIN PRIVATE KEY-----\\n" + body.substr(0, 64) + "\\n" + body.substr(64) +
                        "\\n-----END PRIVATE KEY-----";
  CHECK(run("pem_private_key", escaped));
}

TEST_CASE("pem validator wants the body a key's label promises (seed-5 triage)") {
  const auto pem = [](const std::string& label, const std::string& der) {
    return "-----BEGIN " + label + "-----\n" + base64_encode(der) + "\n-----END " + label + "-----";
  };
  const std::string filler(93, '\x42');
  // Placeholder bodies ("AAAA...", "BBBB...") and random base64 are no DER.
  CHECK_FALSE(run("pem_private_key", pem("PRIVATE KEY", std::string(96, '\0'))));
  CHECK_FALSE(run("pem_private_key", pem("EC PRIVATE KEY", std::string(96, '\x04'))));
  CHECK_FALSE(run("pem_private_key", pem("ENCRYPTED PRIVATE KEY", "\xc2" + filler + "xy")));
  CHECK(run("pem_private_key", pem("DSA PRIVATE KEY", "\x30\x81\x5d" + filler)));
  CHECK(run("pem_private_key", pem("ENCRYPTED PRIVATE KEY", "\x30\x81\x5d" + filler)));
  // OpenSSH's own format starts with its magic.
  CHECK(run("pem_private_key", pem("OPENSSH PRIVATE KEY", std::string("openssh-key-v1\0", 15) + filler)));
  CHECK_FALSE(run("pem_private_key", pem("OPENSSH PRIVATE KEY", "\x30\x81\x5d" + filler)));
  // A legacy encrypted PEM holds ciphertext after its headers.
  CHECK(run("pem_private_key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00AA\n\n" +
                                   base64_encode("\xc2" + filler + "xy") + "\n-----END RSA PRIVATE KEY-----"));
}

TEST_CASE("generic_value rejects identifiers, paths, URLs, hashes and booleans") {
  CHECK(run("generic_value", "q8Vz3kL0pWm2Rt7y"));
  CHECK_FALSE(run("generic_value", "process.env.API_KEY"));
  CHECK_FALSE(run("generic_value", "/etc/ssl/private/key.pem"));
  CHECK_FALSE(run("generic_value", "https://vault.internal/v1/secret"));
  // A hex digest is a hash under a key that says so, and a key under a secret's name.
  CHECK_FALSE(run("generic_value", "d41d8cd98f00b204e9800998ecf8427e", "checksum: d41d8cd98f00b204e9800998ecf8427e"));
  CHECK_FALSE(run("generic_value", "d41d8cd98f00b204e9800998ecf8427e", "api_key_sha1 = d41d8cd98f00b204e9800998ecf8427e"));
  CHECK(run("generic_value", "6fb1cff7690db9ac066cadbbde8e3c07", "CLIENT_SECRET = \"6fb1cff7690db9ac066cadbbde8e3c07\""));
  CHECK_FALSE(run("generic_value", "550e8400-e29b-41d4-a716-446655440000"));
  CHECK_FALSE(run("generic_value", "getenv(\"TOKEN\")"));
  CHECK_FALSE(run("generic_value", "false"));
  CHECK_FALSE(run("generic_value", "1.2.3.4.5"));
  CHECK_FALSE(run("generic_value", "min=12,upper=1,digit=1"));       // a list of settings
  CHECK_FALSE(run("generic_value", "vault:secret/data/app#pw2"));    // a reference to a store
  CHECK_FALSE(run("generic_value", "cms/sites/passwords#edit"));     // a route
  CHECK(run("generic_value", "k9T/xQ2+vL7m,pR4=wZ8"));
}

TEST_CASE("generic_value reads the name the value is assigned to") {
  // The matcher hands generic rules the whole identifier their keyword ends.
  CHECK_FALSE(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "authenticity_token\" value=\"Lq7Vx2RmT9bN4kWz8PcD"));
  CHECK_FALSE(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "csrf-token=Lq7Vx2RmT9bN4kWz8PcD"));
  CHECK_FALSE(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "NEXT_PUBLIC_API_KEY=Lq7Vx2RmT9bN4kWz8PcD"));
  CHECK_FALSE(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "publishableKey: \"Lq7Vx2RmT9bN4kWz8PcD"));
  CHECK(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "DEPLOY_TOKEN=Lq7Vx2RmT9bN4kWz8PcD"));
  // Only the name counts: "public" further on (a URL, a comment) does not.
  CHECK(run("generic_value", "Lq7Vx2RmT9bN4kWz8PcD", "token = \"Lq7Vx2RmT9bN4kWz8PcD\" # public repo"));
}

TEST_CASE("generic_value takes a UUID for a key only under a key's name") {
  const char* uuid = "dafa7817-e246-48f3-91a7-e87653d587b8";
  CHECK(run("generic_value", uuid, "API_TOKEN=dafa7817-e246-48f3-91a7-e87653d587b8"));
  CHECK(run("generic_value", uuid, "(\"api_token\", \"dafa7817-e246-48f3-91a7-e87653d587b8\")"));
  CHECK(run("generic_value", uuid, "secret_id: dafa7817-e246-48f3-91a7-e87653d587b8"));  // Vault AppRole
  CHECK_FALSE(run("generic_value", uuid, "token_id: dafa7817-e246-48f3-91a7-e87653d587b8"));
  CHECK_FALSE(run("generic_value", uuid, "SECRET_UUID=dafa7817-e246-48f3-91a7-e87653d587b8"));
  CHECK_FALSE(run("generic_value", uuid));
}

TEST_CASE("generic_value drops code, cursors and --set lists") {
  CHECK_FALSE(run("generic_value", "module.iam_user3.login_profile_password"));
  CHECK_FALSE(run("generic_value", "BCrypt::Engine.generate_salt"));
  CHECK_FALSE(run("generic_value", "@original_algos"));
  CHECK(run("generic_value", "Summer.2024.Kx9"));  // a segment that starts with a digit is no identifier
  CHECK(run("generic_value", "@Kx4mP9qRt2Vw"));
  CHECK_FALSE(run("generic_value", "CgsI2uiOwwYQyImdRhAKGOXhjtIL", "next_page_token: \"CgsI2uiOwwYQyImdRhAKGOXhjtIL"));
  CHECK_FALSE(run("generic_value", "CgsI2uiOwwYQyImdRhAKGOXhjtIL", "nextPageToken\": \"CgsI2uiOwwYQyImdRhAKGOXhjtIL"));
  CHECK_FALSE(run("generic_value", "mypassword,externalDatabase.database=mydatabase"));
  CHECK(run("generic_value", "Vx8qL2nR7t,externalDatabase.database=mydatabase"));
  CHECK_FALSE(run("generic_value", "e4771bd18b44524db5b3d12b6cb711c14cd86514c92c6e6f5b415bd8b832a413",
                  "checksum/secret: e4771bd18b44524db5b3d12b6cb711c14cd86514c92c6e6f5b415bd8b832a413"));
}

TEST_CASE("generic_value judges a base64 value by what it encodes") {
  // "cG9zdGdyZXMK" is "postgres\n" (`echo postgres | base64`), "dmFsdWUtMg==" "value-2".
  CHECK_FALSE(run("generic_value", "cG9zdGdyZXMK", "postgresql-password: cG9zdGdyZXMK"));
  CHECK_FALSE(run("generic_value", "dmFsdWUtMg==", "mariadb-password: dmFsdWUtMg=="));
  CHECK_FALSE(run("generic_value", "ZXhhbXBsZS1hcHAtc2VjcmV0", "secret: ZXhhbXBsZS1hcHAtc2VjcmV0"));  // example-app-secret
  // A random password, encoded, is still one; and random base64 is judged as it is.
  CHECK(run("generic_value", "Smo1QTJLdGxXMg==", "airflow-password: \"Smo1QTJLdGxXMg==\""));  // Jj5A2KtlW2
  CHECK(run("generic_value", "q8Vz3kL0pWm2Rt7yXc4N", "password: q8Vz3kL0pWm2Rt7yXc4N"));
}

TEST_CASE("generic_value drops settings about a secret and values that name themselves") {
  CHECK_FALSE(run("generic_value", "pbkdf2:sha256", "FAB_PASSWORD_HASH_METHOD = \"pbkdf2:sha256"));
  CHECK_FALSE(run("generic_value", "aes-256-gcm2", "secretCipher: aes-256-gcm2"));
  CHECK_FALSE(run("generic_value", "app-tls-2024", "secret_name: app-tls-2024"));
  CHECK(run("generic_value", "Vx8qL2nR7tKw", "SECRET_KEY=Vx8qL2nR7tKw"));
  // The credential word of the name inside the value, with letters and a few digits around it.
  CHECK_FALSE(run("generic_value", "newReplicationPassword123", "replicationPassword: \"newReplicationPassword123"));
  CHECK_FALSE(run("generic_value", "testingapikey1234", "apiKey: testingapikey1234"));
  CHECK_FALSE(run("generic_value", "thisISverySECRET123", "cookie_verifier_secret = \"thisISverySECRET123"));
  CHECK(run("generic_value", "Password2024!x", "password: Password2024!x"));  // a weak password is still one
  CHECK(run("generic_value", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t",
            "BEDROCK_API_KEY=bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"));  // a format that spells its kind
  // A Rails controller#action is a route, not a password.
  CHECK_FALSE(run("generic_value", "queenbee#passwords", "get 'admin/passwords' => \"queenbee#passwords"));
}

TEST_CASE("generic_value drops code, layouts, attribute paths and public keys (seed-3 triage)") {
  CHECK_FALSE(run("generic_value", "*v.Password", "m[\"password\"] = *v.Password"));
  CHECK_FALSE(run("generic_value", "&cfg.Token2", "token: &cfg.Token2"));
  CHECK_FALSE(run("generic_value", "password:uid:gid:gecos:home:shell", "username:password:uid:gid:gecos:home:shell"));
  CHECK_FALSE(run("generic_value", "metadata.0.self_link"));
  CHECK(run("generic_value", "k9.2x.Qm7w"));  // a segment mixing letters and digits is no path
  CHECK_FALSE(run("generic_value", "https%3A%2F%2Fdomain%2F%3Fq%3Dv", "?key=https%3A%2F%2Fdomain%2F%3Fq%3Dv"));
  CHECK_FALSE(run("generic_value", "5637af27-dc29-fc5c-9dfe-0645d52cb515", "Postman-Token: 5637af27-dc29-fc5c-9dfe-0645d52cb515"));
  // The armored body of an OpenPGP public key: a public-key packet, version 4.
  CHECK_FALSE(run("generic_value", "mQENBFXbjPUBCADjNjCUQwfxKL+RR2GA6pv/1K+zJZ8UWIF9S0lk7cVIEfJiprzzwiMwBS5cD0da",
                  "const testPubAccessKey1 = `mQENBFXbjPUBCADjNjCUQwfxKL+RR2GA6pv/1K+zJZ8UWIF9S0lk7cVIEfJiprzzwiMwBS5cD0da"));
}

TEST_CASE("generic_value drops validation rules, ids and idempotency tokens (seed-4 triage)") {
  CHECK_FALSE(run("generic_value", "required|string|confirmed|min:6", "'password' => 'required|string|confirmed|min:6"));
  CHECK_FALSE(run("generic_value", "required|same:confirm-password"));
  CHECK(run("generic_value", "Kx4m|P9qR|t2Vw"));  // "|" inside a password: its parts are no rule names
  CHECK_FALSE(run("generic_value", "f741662395b249c9b8acdebf1722c5ae",
                  "applicationCredentialID = \"f741662395b249c9b8acdebf1722c5ae"));
  CHECK(run("generic_value", "f741662395b249c9b8acdebf1722c5ae", "appsecret='f741662395b249c9b8acdebf1722c5ae"));
  CHECK(run("generic_value", "f741662395b249c9b8acdebf1722c5ae"));  // unnamed hex: only a UUID alone is an id
  CHECK(run("generic_value", "cbc36478b0bd8e67e89469c7749d4127", "TokenID = \"cbc36478b0bd8e67e89469c7749d4127"));
  CHECK_FALSE(run("generic_value", "a8ca07e4-61ec-4399-99f4-19853801bcd5",
                  "ClientRequestToken\": \"a8ca07e4-61ec-4399-99f4-19853801bcd5"));
  CHECK_FALSE(run("generic_value", "0f1c2d3e4f5a6b7c8d9e", "Idempotency-Key: 0f1c2d3e4f5a6b7c8d9e"));
}

TEST_CASE("generic_value drops migration names, qualified constants, layouts and wait tokens (seed-5 triage)") {
  CHECK_FALSE(run("generic_value", "0010_custom_field_data", "('secrets', '0010_custom_field_data')"));
  CHECK(run("generic_value", "0010_Kx4mP9qRt2Vw", "('secret', '0010_Kx4mP9qRt2Vw')"));
  CHECK_FALSE(run("generic_value", "C.ICMPV6_FILTER_PASS", "sysICMPV6_FILTER_PASS        = C.ICMPV6_FILTER_PASS"));
  CHECK_FALSE(run("generic_value", "Settings.DB_PASSWORD", "password = Settings.DB_PASSWORD"));
  CHECK(run("generic_value", "x.Kq8vR2nT", "password = x.Kq8vR2nT"));
  CHECK_FALSE(run("generic_value", "GID:user_list", "password:GID:user_list"));
  CHECK(run("generic_value", "GID:user_list", "password: GID:user_list"));  // a value with a colon in it
  CHECK_FALSE(run("generic_value", "nextWaitToken1006864251", "nextWaitToken string = \"nextWaitToken1006864251"));
  CHECK(is_placeholder("@projectversion@"));
  CHECK(is_placeholder("AIzaSyDdVgKwhZl0sTTTLZ7iTmt1r3N2cJLnaDk"));  // FirebaseOptions' documented key
  CHECK_FALSE(is_placeholder("AIzaSyDdVgKwhZl0sTTTLZ7iTmt1r3N2cJLnaDz"));
  CHECK_FALSE(is_placeholder("@Kx4m@P9qR"));
}

TEST_CASE("generic_value drops digests, UI text, i18n keys, call names and name:name (seed-6 triage)") {
  CHECK_FALSE(run("generic_value", "hmac-sha256:8436cf5fd2956192152c4846d6d5453ac025389febdfc9fc584de4db2f1deaef",
                  "password\":\"hmac-sha256:8436cf5fd2956192152c4846d6d5453ac025389febdfc9fc584de4db2f1deaef"));
  CHECK(run("generic_value", "hmac-sha256:Kx4mP9qRt2Vw", "password: hmac-sha256:Kx4mP9qRt2Vw"));  // no digest
  CHECK_FALSE(run("generic_value", "Kx4mP9qRt2VwLq7Z", "bindCredentialsHelp\": \"Kx4mP9qRt2VwLq7Z"));
  CHECK_FALSE(run("generic_value", "users:setPasswordConfirm", "resetPasswordConfirm\":\"users:setPasswordConfirm"));
  CHECK_FALSE(run("generic_value", "KVGKMDUQ23TCZXTLTHLP/20160727/us-east-1/s3/aws4_request",
                  "SetUserData(\"credential\", \"KVGKMDUQ23TCZXTLTHLP/20160727/us-east-1/s3/aws4_request"));
  // The name a call passes first: a cursor's name silences it, a key's does not.
  CHECK_FALSE(run("generic_value", "VCVsb2FkIElEIGZvciBlbZZpbmc", "v.Add(\"continuation-token\", \"VCVsb2FkIElEIGZvciBlbZZpbmc"));
  CHECK(run("generic_value", "Kx4mP9qRt2VwLq7Z", "v.Add(\"api-token\", \"Kx4mP9qRt2VwLq7Z"));
  CHECK_FALSE(run("generic_value", "registryv2tokenoauth", "registryv2tokenoauth:registryv2tokenoauth"));
  CHECK(run("generic_value", "Kx4mP9qRt2VwLq7Z", "Kx4mP9qRt2VwLq7Z"));  // unnamed, not repeated
}

TEST_CASE("word_phrase: words joined by '-' or '_' without a digit, 32 characters or more") {
  CHECK(word_phrase("Territoryi-Iraqi-Irani-Icelandi-Italyi-Jerseyi-Jamaicai-Jordani-"));
  CHECK(word_phrase("the_quick_brown_fox_jumps_over_the_lazy"));
  CHECK_FALSE(word_phrase("the-quick-brown-fox"));  // too short to tell from a key
  CHECK(word_phrase("default-secret-key-must-be-at-least-32-bytes"));  // one number among the words
  CHECK_FALSE(word_phrase("default-secret-key-must-be-at-32-least-64-bytes"));  // two
  CHECK_FALSE(word_phrase("default-secret-key-must-be-at-least-3200-bytes"));  // four digits
  CHECK_FALSE(word_phrase("qM1gfFbiS3i5jzSfGQayX44wo4VimW4IWAo3vhLHCGKAFEKMdwqdeMDxf6iZM5Me"));
  CHECK_FALSE(word_phrase("AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIj"));  // one word: no separators
  CHECK_FALSE(word_phrase("Territoryi-Iraqi-Irani-Icelandi-It4lyi-Jerseyi"));
  CHECK(is_placeholder("SomeRandomStringThatMustBe32Char"));
}

TEST_CASE("placeholders: escaped variables and upper-case names with hyphens") {
  CHECK(is_placeholder("\\$DEVSTACK_PASSWORD"));
  CHECK(is_placeholder("MACHINE-PASS"));
  CHECK(is_placeholder("GITHUB-ACCESS-TOKEN"));
  CHECK_FALSE(is_placeholder("\\$7Kq9vLx2"));  // a backslash and a dollar inside a real password
  CHECK_FALSE(is_placeholder("QX7-KP2-ZM9-WT4"));
}

TEST_CASE("uri_password drops lower-case names of what belongs there, with hyphens too") {
  CHECK_FALSE(run("uri_password", "personal-access-token", "https://login-user-name:personal-access-token@github.com"));
  CHECK(run("uri_password", "k7-vq2-zx9", "https://ci:k7-vq2-zx9@git.acme.io"));
}

TEST_CASE("upper_lower_digit wants all three classes") {
  CHECK(run("upper_lower_digit", "suSJ3DFSRWjOPJ"));
  CHECK_FALSE(run("upper_lower_digit", "supplementary1"));
  CHECK_FALSE(run("upper_lower_digit", "SUPPLEMENTARY1"));
  CHECK_FALSE(run("upper_lower_digit", "SupplementaryX"));
}

TEST_CASE("uri_password rejects variables, defaults and user==password") {
  CHECK(run("uri_password", "s3cr3tPa55", "postgres://app:s3cr3tPa55@db"));
  CHECK_FALSE(run("uri_password", "$DB_PASS", "postgres://app:$DB_PASS@db"));
  CHECK_FALSE(run("uri_password", "guest", "amqp://guest:guest@mq"));
  CHECK_FALSE(run("uri_password", "mypass", "postgres://myuser:mypass@localhost/db"));
  CHECK_FALSE(run("uri_password", "proxy_password", "http://proxy_user:proxy_password@proxy.local:4242"));
  CHECK_FALSE(run("uri_password", "badpass", "postgresql://baduser:badpass@127.0.0.1/dbname"));
  CHECK(run("uri_password", "whalehello", "mysql://root:whalehello@db:3306/mysql"));
  CHECK_FALSE(run("uri_password", "password", "postgres://user:password@db"));
  CHECK(run("uri_password", "%40xY7kQ2mW9", "postgres://app:%40xY7kQ2mW9@db"));  // percent-encoded
  CHECK_FALSE(run("uri_password", "%(password)s", "postgres://app:%(password)s@db"));
}

TEST_CASE("basic_credentials wants user:password with a password that is not a placeholder") {
  CHECK(run("basic_credentials", "Y2ktYm90OlZ4N3FMbTJSazk=", ""));                  // ci-bot:Vx7qLm2Rk9
  CHECK_FALSE(run("basic_credentials", "ZGVwbG95Om15X3Bhc3N3b3Jk", ""));            // deploy:my_password
  CHECK_FALSE(run("basic_credentials", "Y2ktYm90OnlvdXJfcGFzc3dvcmRfaGVyZQ==", ""));  // ci-bot:your_password_here
  CHECK_FALSE(run("basic_credentials", "Vx7qLm2Rk9Vx7qLm2Rk9", ""));                // no colon
}

TEST_CASE("placeholder filter") {
  for (const char* p : {"<YOUR_API_KEY>", "${STRIPE_KEY}", "{{ .Values.token }}", "xxxxxxxxxxxxxxxx",
                        "changeme", "AKIAIOSFODNN7EXAMPLE", "your_token_here", "aaaaaaaaaaaa", "abababababab",
                        "12345678abcd", "$DB_PASSWORD", "$db$", "$HOME$PATH", "%API_KEY%", "abc", "********", "$(cat /run/secrets/db)",
                        "prefix-%(token)s", "[PASSWORD]", "[api key]", "DB_PASSWORD", "MY_APP_SECRET", "abc123def456", "{password}", "aaaaaaaaaa1111111111bbbbbbbbbb2222222222",
                        "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", "1a2b3C4d-5E6f-7g8H-9i0J-k1l2M3n4o5p6",
                        "A1B2C3D4E5F6A1B2C3D4E5F6", "87654321432143214321CBA987654321", "zyxwvutsrqponmlkji9876543210abcd",
                        "V2w3X4y5Z6a7!8c9D0e1F2g3", "key-23456789", "{db.Password}", "phony_push_notification_token_123", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d", "tGzv3JOkF0XG5Qx2TlKWIA", "czZCaGRSa3F0MzpnWDFmQmF0M2JW", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"})
    CHECK_MESSAGE(is_placeholder(p), p);
  for (const char* s : {"q8Vz3kL0pWm2Rt7y", "xoxb-2873649102-9384756102938-Zk3mQpR7vWx2Yt8NbLc4HdEf",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK8vQ1",
                        "django-insecure-_du9e^cmago!%(^+=gr@cu@v9-v7ulhbk2s3!w&39w4+n3*k*$",
                        "$apr1$dCbqPYSs$.8cyaT/YCoMuGHK7F9zyUg", "[Kx4mP9qRt2VwZ7nL]", "{Kx4mP9-qRt2V}", "AKIAJ7Q2L5XW3R4NVB6M", "$y$j9T$pcxpzweavaRjb5HlbCx6$u6/OuP/5as0BdaGCU2NC",
                        "a1b2c3Zk9Qw", "9f8e7d6c5b4a", "ghp_abcdefgZk3mQpR7vWx2Yt8NbLc4HdEf01"})
    CHECK_MESSAGE(!is_placeholder(s), s);
}

TEST_CASE("placeholder filter: keyboard rows and values typed as short ascending runs") {
  // Keyboard rows of five letters, any case.
  for (const char* p : {"zxcvbr12345iugt67s7a7sa0akhsXz820", "Tq7QWERTYplm93kd", "k2ASDFGHm8q7x1z0p"})
    CHECK_MESSAGE(is_placeholder(p), p);
  // Runs of five to seven ascending characters making up half the value.
  for (const char* p : {"7e4abcdef456Ghijkl789mnopqr012stuvwx3455123abcdef456ghijkl789mnopqr",
                        "abcde-12345-fghij-67890", "Q9bcdef2Hijklm5Nopqr8"})
    CHECK_MESSAGE(is_placeholder(p), p);
  // Random values: a short run by chance, far from half the value; hex too.
  for (const char* s : {"q8Vz3kL0pWm2Rt7yabc9", "c2167730016af34b89e200ecf55710e8", "5488620aa9073c09f1a16e2b1dc357b6",
                        "0d67c8b334048135a93615610445e4aa", "rWE8_0axy6Fvw40RE8tsNS3L7zBU5vAhEnW4hq9G",
                        "asdf9Kq2mZ7xLp3wVt8n", "zxcv8Kq2mZ7xLp3wVt8n",
                        // runs of four or fewer: not enough to tell
                        // (the literal "abcd1234" is a placeholder word of its own)
                        "bcde1234-ef56-gh78-ij90-klmn1234opqr"})
    CHECK_MESSAGE(!is_placeholder(s), s);
}

TEST_CASE("placeholder filter: values made only of runs and the words written where a secret goes (seed-7 triage)") {
  for (const char* p : {"12345secret7890", "12345abcde67890", "password@1234", "Secret@123", "testing321", "mysecret123"})
    CHECK_MESSAGE(is_placeholder(p), p);
  // A run and a word with other characters between them; shorter than ten.
  for (const char* s : {"Admin@JuiceShop2024!", "Secr3tP4ssw0rd!12", "xQ7testkey123", "Kx4mP9qRt2"})
    CHECK_MESSAGE(!is_placeholder(s), s);
  CHECK(is_placeholder("secret1234"));
}

TEST_CASE("jwt validator wants the signature length of the header's algorithm (seed-7 triage)") {
  const std::string hs256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImV4cCI6NDEwMjQ0NDgwMH0.";
  const std::string sig43 = "QeqBsui_X-0GLjzsczBWuzGryBOqsezBcYjnl8JE8T7";
  CHECK(run("jwt", hs256 + sig43));
  CHECK_FALSE(run("jwt", hs256 + sig43 + "eyJkYXRhIjp7fX0"));  // run into the next token
  CHECK_FALSE(run("jwt", hs256 + sig43.substr(0, 40)));       // cut short
  // RS256: the modulus' length (2048 bits: 342 characters), not an HMAC's.
  const std::string rs256 = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImV4cCI6NDEwMjQ0NDgwMH0.";
  CHECK(run("jwt", rs256 + std::string(342, 'Q')));
  CHECK_FALSE(run("jwt", rs256 + sig43));
}

TEST_CASE("jwt validator wants a payload opening as a JSON object does, not bytes between braces (seed-34 triage)") {
  const std::string header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";
  const std::string sig43 = ".QeqBsui_X-0GLjzsczBWuzGryBOqsezBcYjnl8JE8T7";
  CHECK(run("jwt", header + "eyJzdWIiOiJzdmMtYmlsbGluZyIsImV4cCI6NDEwMjQ0NDgwMH0" + sig43));
  // A test's corrupted copy: four characters pushed in after "ey" decode to
  // "{,q" and two stray bytes before the claims.
  CHECK_FALSE(run("jwt", header + "eyxx7qJzdWIiOiJzdmMtYmlsbGluZyIsImV4cCI6NDEwMjQ0NDgwMH0" + sig43));
  CHECK(run("jwt", header + "e30" + sig43));  // {} is an object
}

TEST_CASE("generic_value and uri_password drop unquoted attributes and bracketed placeholders (seed-7 triage)") {
  CHECK_FALSE(run("generic_value", "rsa_keypair.public,", "JWT_KEY=rsa_keypair.public,"));
  CHECK_FALSE(run("generic_value", "pyotp.random_base32", "#secret=pyotp.random_base32"));
  CHECK(run("generic_value", "Kx4mP9.qRt2VwLq7Z", "JWT_KEY=Kx4mP9.qRt2VwLq7Z"));         // not lower-case words
  CHECK(run("generic_value", "zq8vx.lmn3kw9tp2", "secret = \"zq8vx.lmn3kw9tp2"));       // quoted: a literal
  CHECK_FALSE(run("uri_password", "password]", "redis://[:password]@localhost"));
  CHECK(run("uri_password", "Kx4mP9qRt2", "redis://:Kx4mP9qRt2@localhost"));
}

TEST_CASE("generic_value drops time stamps, PostgreSQL md5 forms, prefixed UUID ids and senders (seed-9 triage)") {
  CHECK_FALSE(run("generic_value", "2016-09-08T21:47:36Z", "\"PasswordLastUsed\": \"2016-09-08T21:47:36Z"));
  CHECK_FALSE(run("generic_value", "2023-12-24 06:19:59.807+01:00", "password_changed: 2023-12-24 06:19:59.807+01:00"));
  CHECK(run("generic_value", "2016-09-08Kx4mP9qRt2", "password: 2016-09-08Kx4mP9qRt2"));  // a date and more
  CHECK_FALSE(run("generic_value", "md56594e8e1b205e704e8a92fe970284cac", "password: md56594e8e1b205e704e8a92fe970284cac"));
  CHECK(run("generic_value", "md56594e8e1b205e704e8a92fe970284cacQ", "password: md56594e8e1b205e704e8a92fe970284cacQ"));
  CHECK_FALSE(run("generic_value", "TKN-SYD-4b30f90b-d478-4e4d-8b8d-96e34522f553",
                  "\"tokenId\": \"TKN-SYD-4b30f90b-d478-4e4d-8b8d-96e34522f553"));
  CHECK(run("generic_value", "sdk-4b30f90b-d478-4e4d-8b8d-96e34522f553", "relay_key = \"sdk-4b30f90b-d478-4e4d-8b8d-96e34522f553"));
  CHECK(run("generic_value", "Kx4mP9qRt2VwLq7Z", "secret_id = \"Kx4mP9qRt2VwLq7Z"));  // Vault AppRole
  CHECK_FALSE(run("generic_value", "admin@localhost", "wgPasswordSender   = 'admin@localhost"));
  CHECK(is_placeholder("replacethiswithyourownsecret!"));
}

TEST_CASE("generic_value and uri_password drop class methods, IVs and template hosts (seed-10 triage)") {
  CHECK_FALSE(run("generic_value", "SecureRandom.base64", "password = SecureRandom.base64"));
  CHECK(run("generic_value", "Welcome.home42", "password: Welcome.home42"));  // YAML, not code
  CHECK(run("generic_value", "Kx4mP9.qrt2vwlq", "password = \"Kx4mP9.qrt2vwlq"));  // quoted
  CHECK_FALSE(run("generic_value", "rys3THICkr60BoWC", "encrypted_otp_secret_iv: 'rys3THICkr60BoWC"));
  CHECK(is_placeholder("dev-secret-key-change-in-production-x7k9m2p5q8w1r4t6"));
  CHECK_FALSE(run("uri_password", "PassWorld", "postgresql://UserName:PassWorld@Host:"));
  CHECK(run("uri_password", "Kx4mP9qRt2", "postgresql://app:Kx4mP9qRt2@host.acme.io/"));
  CHECK(run("uri_password", "Kx4mP9qRt2", "postgresql://app:Kx4mP9qRt2@db-1:"));
}

TEST_CASE("generic_value and is_placeholder drop template values, Crowdin strings and code (seed-12 triage)") {
  CHECK(is_placeholder("YourSecurePass123!"));
  CHECK(is_placeholder("YourDB@Pass456!"));
  CHECK_FALSE(is_placeholder("Yourk9Qm2Lx7Vb4T"));  // "your" and no capital after it
  CHECK_FALSE(is_placeholder("yourStrong(!)Password"));  // a default deployments keep
  CHECK(is_placeholder("crwdns6087:0crwdne6087:0"));
  CHECK_FALSE(is_placeholder("crwdnsQk9m2Lx7Vb"));
  CHECK(is_placeholder("RANDOMCHARS-----DWxgOvPT003r-yFUV49TQYag7"));
  CHECK_FALSE(run("generic_value", "ERR_AUTHENTICATION_FAILURE_USER1", "password => ERR_AUTHENTICATION_FAILURE_USER1"));
  CHECK(run("generic_value", "ERR_AUTH3NTICATION_FAILURE", "password => ERR_AUTH3NTICATION_FAILURE"));  // a digit inside a word
  CHECK_FALSE(run("generic_value", "required|confirmed|", "'password' => 'required|confirmed|"));
  CHECK_FALSE(run("generic_value", ".*@DB_PASSWORD=secret@g", "s@DB_PASSWORD=.*@DB_PASSWORD=secret@g"));
  CHECK_FALSE(run("generic_value", "g.userPassword||", "g.userPassword=g.userPassword||"));
  CHECK(run("generic_value", "Kx4mP9qRt2Vw||", "password=Kx4mP9qRt2Vw||"));  // no member read
  CHECK_FALSE(run("generic_value", "\\Crypt::decrypt", "$ldappass = \\Crypt::decrypt"));
  CHECK_FALSE(run("generic_value", "ChangePasswordController@postIndex", "'change-password', 'ChangePasswordController@postIndex"));
  CHECK(run("generic_value", "Kx4mP9@qRt2Vw", "password: 'Kx4mP9@qRt2Vw"));
  CHECK_FALSE(run("generic_value", "LDAPパスワードをリセット", "'ldap_reset_password' => 'LDAPパスワードをリセット"));
  CHECK(run("generic_value", "Kx4mP9qRt2Vwé", "password: 'Kx4mP9qRt2Vwé"));  // mostly ASCII
  CHECK_FALSE(run("jenkins_plaintext", "accessorDescriptor(getPassword, function (password) {"));
  CHECK(run("jenkins_plaintext", "plum Vortex quill~harbor"));
  CHECK(run("jenkins_plaintext", "Kx4m(P9q)Rt2"));
  // Random passwords with a digit (words alone are names) and no '@' or '.'
  // (e-mail addresses): none is taken for any of these.
  std::mt19937 rng(12);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%^*_-|&";
  for (int i = 0; i < 5000; ++i) {
    std::string value(12 + rng() % 12, ' ');
    for (auto& c : value) c = alphabet[rng() % alphabet.size()];
    value[3] = static_cast<char>('0' + rng() % 10);
    CHECK_MESSAGE(run("generic_value", value, "password = '" + value), value);
  }
}

TEST_CASE("generic_value, is_placeholder and jenkins_plaintext drop labels, type names and code (seed-13 triage)") {
  // Translation files: labels in any script, joined by '/', or ending in ':'.
  CHECK_FALSE(run("generic_value", "PIN/Passwort", "'fints_password'        => 'PIN/Passwort"));
  CHECK_FALSE(run("generic_value", "Contraseña", "password=Contraseña"));
  CHECK_FALSE(run("generic_value", "Upozornění:", "auths.bind_password_helper=Upozornění:"));
  CHECK_FALSE(run("generic_value", "Warning:", "auths.bind_password_helper=Warning:"));
  CHECK(run("generic_value", "PIN/Passw0rt", "password => 'PIN/Passw0rt"));  // a digit: not a label
  CHECK(run("generic_value", "Kx4mP9qRt2:", "password: Kx4mP9qRt2:"));
  // A custom camelCase validation rule; a value with a capital first is no rule list.
  CHECK_FALSE(run("generic_value", "required|currentPassword", "'password' => 'required|currentPassword"));
  CHECK(run("generic_value", "Kx4m|P9qRt2", "password = 'Kx4m|P9qRt2"));
  // A JWT's header alone is the same in every HS256 token; a whole token is not dropped here.
  CHECK_FALSE(run("generic_value", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "validJwtToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
  CHECK(run("generic_value", "eyJzdWIiOiJLeDRtUDlxUnQyIiwia2V5IjoiVnc3THAzIn0=", "token = 'eyJzdWIiOiJLeDRtUDlxUnQyIiwia2V5IjoiVnc3THAzIn0="));
  // An authenticator id under a ...PasswordManager name.
  CHECK_FALSE(run("generic_value", "d3452668-01fd-4c12-926c-83a4204853aa", "MicrosoftPasswordManager = \"d3452668-01fd-4c12-926c-83a4204853aa"));
  // Type names where a value would be.
  CHECK(is_placeholder("String"));
  CHECK(is_placeholder("String?"));
  CHECK_FALSE(is_placeholder("Strings4Kx9m"));
  // TypeScript setting a property from settings, under the JCasC rule.
  CHECK_FALSE(run("jenkins_plaintext", "Github.clientSecret,"));
  CHECK_FALSE(run("jenkins_plaintext", "env.GITHUB_CLIENT_SECRET"));
  CHECK(run("jenkins_plaintext", "Kx4m.P9qRt2!"));  // a '!' : not a name
  CHECK(run("jenkins_plaintext", "4Kx.mP9qRt2"));   // starts with a digit
}

TEST_CASE("generic_value and is_placeholder drop anti-forgery fields, lone rules and file references (seed-14 triage)") {
  // Laravel's "_token" and ASP.NET's "__RequestVerificationToken" are sent in every form.
  CHECK_FALSE(run("generic_value", "Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io", "\"_token\" => \"Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io"));
  CHECK_FALSE(run("generic_value", "Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io",
                  "_token\"\n      value=\"Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io"));
  CHECK_FALSE(run("generic_value", "k2Jd9_XqPz4LmN7vR-tY8wB3cF6hS1gA5eU0iO",
                  "'__RequestVerificationToken' => 'k2Jd9_XqPz4LmN7vR-tY8wB3cF6hS1gA5eU0iO"));
  // Other names ending in "_token" are credentials.
  CHECK(run("generic_value", "Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io", "\"api_token\" => \"Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io"));
  CHECK(run("generic_value", "Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io", "\"token\" => \"Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8Io"));
  // An optimistic lock's version.
  CHECK_FALSE(run("generic_value", "7hTq2LmX9pZk4RvN8wYc3Fb6Gd1Js5Ae0Uo", "\"version_token\": \"7hTq2LmX9pZk4RvN8wYc3Fb6Gd1Js5Ae0Uo"));
  // One conditional validation rule naming the fields it depends on.
  CHECK_FALSE(run("generic_value", "required_unless:mail_driver,log", "'mail_password' => 'required_unless:mail_driver,log"));
  CHECK_FALSE(run("generic_value", "same:new_password", "'password_confirmation' => 'same:new_password"));
  CHECK(run("generic_value", "same:Kx4m!P9q", "password = 'same:Kx4m!P9q"));  // not a field's name
  CHECK(run("generic_value", "required7:Kx4mP9q", "password = 'required7:Kx4mP9q"));
  // Base64 of a JSON object: a file reference is no credential; fields naming a secret keep it.
  CHECK_FALSE(run("generic_value", "eyJmb2xkZXIiOiJpbmJveC8yMDI2IiwiZmlsZW5hbWUiOiJyZXBvcnQucGRmIn0",
                  "'DownloadToken' => 'eyJmb2xkZXIiOiJpbmJveC8yMDI2IiwiZmlsZW5hbWUiOiJyZXBvcnQucGRmIn0"));
  CHECK(run("generic_value", "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50IiwicHJpdmF0ZV9rZXlfaWQiOiI0YjFjIn0",
            "SERVICE_TOKEN=eyJ0eXBlIjoic2VydmljZV9hY2NvdW50IiwicHJpdmF0ZV9rZXlfaWQiOiI0YjFjIn0"));
  // A template that says how long the value must be.
  CHECK(is_placeholder("random_32_characters"));
  CHECK(is_placeholder("at-least-32-characters"));
  CHECK_FALSE(is_placeholder("Kx4mP9qRt2Vwcharacters"));
}

TEST_CASE("generic_value and is_placeholder drop code, descriptive test values and wrong-on-purpose names (seeds 15-16 triage)") {
  // A scoped Redux action type: words joined by '/' and '_' after '@'.
  CHECK_FALSE(run("generic_value", "@portal/forgot_password/reset_password_success",
                  "RESET_PASSWORD_SUCCESS = '@portal/forgot_password/reset_password_success"));
  CHECK(run("generic_value", "@Kx4mP9/qRt2Vw", "password = '@Kx4mP9/qRt2Vw"));
  // A negation and a concatenation are code.
  CHECK_FALSE(run("generic_value", "!showProxyPassword", "showProxyPassword = !showProxyPassword"));
  CHECK_FALSE(run("generic_value", "+e.password+", "ice-pwd:\"+e.password+"));
  CHECK(run("generic_value", "!Kx4mP9qRt2", "password = '!Kx4mP9qRt2"));
  CHECK(run("generic_value", "+Kx4mP9qRt2", "password = '+Kx4mP9qRt2"));
  // Code up to the comma that ends it; a random value before a comma stays.
  CHECK_FALSE(run("generic_value", "settings.SECRET_KEY,", "'JWT_SECRET_KEY': settings.SECRET_KEY,"));
  CHECK(run("generic_value", "Kx4mP9qRt2Vw,", "password: Kx4mP9qRt2Vw,"));
  // The credential word in leetspeak or with symbols typed after it is a
  // password a person chose (weak, but what example files get deployed with):
  // kept, as the regression scan of earlier samples' histories showed.
  CHECK(run("generic_value", "T3rr@f0rmP@ssword", "admin_password = \"T3rr@f0rmP@ssword"));
  CHECK(run("generic_value", "Password12!", "'PASSWORD': 'Password12!"));
  CHECK_FALSE(run("generic_value", "newReplicationPassword123", "password: newReplicationPassword123"));
  // Names saying the value is wrong on purpose; a longer word starting alike is no such name.
  CHECK_FALSE(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd", "INVALID_TOKEN = \"Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd"));
  CHECK_FALSE(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd", "wrongPassword = \"Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd"));
  CHECK(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd", "badge_token = \"Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd"));
  CHECK(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd", "mockingbird_secret = \"Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd"));
  // PostHog's project keys are public; its personal API keys are not this prefix.
  CHECK_FALSE(run("generic_value", "phc_Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8IoPz", "POSTHOG_API_KEY = 'phc_Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8IoPz"));
  CHECK(run("generic_value", "phx_Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8IoPz", "POSTHOG_API_KEY = 'phx_Wq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae3Qu8IoPz"));
  // Descriptive values numbered "123", a sequence after a word, letters and digits dealt in order.
  CHECK(is_placeholder("payment_to_void_123"));
  CHECK(is_placeholder("original_payment_123"));
  CHECK(is_placeholder("oauth2_access_token_123"));
  CHECK(is_placeholder("token123"));
  CHECK_FALSE(is_placeholder("kx4m_qrt9_123"));   // no words of two letters before a digit
  CHECK_FALSE(is_placeholder("monkey123"));       // one word that names no credential
  CHECK(is_placeholder("organization_abcd1234"));
  CHECK(is_placeholder("A1bC2dE3fH4iJ5kL6mN7oP8qR9sT0u"));
  CHECK_FALSE(is_placeholder("A1bC2dE3fH4iJ5kL6mN7oP8qR9sT0uZ"));  // a letter out of order
  // Random keys of letters and digits are none of these.
  std::mt19937 rng(15);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
  for (int i = 0; i < 5000; ++i) {
    std::string value(16 + rng() % 24, ' ');
    for (auto& c : value) c = alphabet[rng() % alphabet.size()];
    value[2] = static_cast<char>('0' + rng() % 10);
    value[5] = static_cast<char>('A' + rng() % 26);
    CHECK_MESSAGE(run("generic_value", value, "client_token = '" + value), value);
  }
}

TEST_CASE("generic_value and is_placeholder drop key ids, variables and described values (seed-17 triage)") {
  // An access key's id is the public half.
  CHECK_FALSE(run("generic_value", "AKXAQ09XK18W3PLZ5TRM", "AWS_ACCESS_KEY_ID=AKXAQ09XK18W3PLZ5TRM"));
  CHECK(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd", "AWS_SECRET_ACCESS_KEY=Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd"));
  // A JWT's name over a value that is no JWT; a JWT under it stays.
  CHECK_FALSE(run("generic_value", "Qk7v2Lm9Xp4Rz8Tn", "\"jwt-token\": \"Qk7v2Lm9Xp4Rz8Tn"));
  CHECK(run("generic_value", "eyJzdWIiOiJLeDRtUDlxUnQyIiwia2V5IjoiVnc3THAzIn0=", "jwtToken = 'eyJzdWIiOiJLeDRtUDlxUnQyIiwia2V5IjoiVnc3THAzIn0="));
  CHECK_FALSE(run("generic_value", "Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae", "\"wgTrackingToken\":\"Kq3mZ8rT5kLp2Xv9Nc4Hb7Yd1Fs6Gj0Ae"));
  // A variable read in code; a value with a capital or fewer words is not one.
  CHECK_FALSE(run("generic_value", "google_oauth2_access_token", "password = google_oauth2_access_token"));
  CHECK(run("generic_value", "google_oauth2_Access_token", "password = google_oauth2_Access_token"));
  CHECK(run("generic_value", "kx4m_9vwq_r2tz", "password = kx4m_9vwq_r2tz"));  // no credential word last
  // Numbered descriptions with '-' and 1234; an instruction; another language.
  CHECK(is_placeholder("new-secret-1234"));
  CHECK_FALSE(is_placeholder("kx-4m-1234"));
  CHECK(is_placeholder("SomeRandom32CharString"));
  CHECK(is_placeholder("motdepasse123"));
}

TEST_CASE("generic_value: publishable keys are public by design") {
  CHECK_FALSE(run("generic_value", "live_pub_0979969b3f6cc23ed67e9b650bfaf64", "token = 'live_pub_0979969b3f6cc23ed67e9b650bfaf64"));
  CHECK_FALSE(run("generic_value", "test_pub_0979969b3f6cc23ed67e9b650bfaf64", "token = 'test_pub_0979969b3f6cc23ed67e9b650bfaf64"));
  CHECK_FALSE(run("generic_value", "pk_live_51Hq3kLmZk3mQpR7vWx2Yt8N", "key = pk_live_51Hq3kLmZk3mQpR7vWx2Yt8N"));
  // The secret keys beside them stay secrets.
  CHECK(run("generic_value", "live_0979969b3f6cc23ed67e9b650bfaf64f710", "token = 'live_0979969b3f6cc23ed67e9b650bfaf64f710"));
  CHECK(run("generic_value", "sk_live_51Hq3kLmZk3mQpR7vWx2Yt8N", "key = sk_live_51Hq3kLmZk3mQpR7vWx2Yt8N"));
}

TEST_CASE("settings_start: where a value's trailing name=value settings begin") {
  CHECK(settings_start("Xcc3S9d7And6aMdfOcUc0acHJh3CiDh3l9DsapNwGwyS,ssl=False,abortConnect=True") == 44);
  CHECK(settings_start("p4ss,w0rd,ssl=True") == 9);
  CHECK(settings_start("Xcc3S9d7And6aMdfOcUc0a") == std::string_view::npos);
  CHECK(settings_start("Xcc3S9d7,And6aMdfOcUc0a") == std::string_view::npos);
  CHECK(settings_start(",ssl=True") == std::string_view::npos);
}

TEST_CASE("unknown validator names are not found") {
  CHECK(static_cast<bool>(find_validator("no_such_validator") == nullptr));
  CHECK(validator_names().size() >= 9);
}

TEST_CASE("jenkins_encrypted and jenkins_plaintext split a Jenkins secret field") {
  const std::string inner = "AQAAABAAAAAgYJYCd4CN9WYyAJBL5ETIKbt9AloVNMUsGf2H1Y80Xy2NpFXhBV+gE+SX+F8u5LDw";
  const std::string element = "<password>{" + inner + "}</password>";
  CHECK(run("jenkins_encrypted", inner, element));
  CHECK_FALSE(run("jenkins_encrypted", inner, "<password>" + inner + "</password>"));  // no braces
  CHECK_FALSE(run("jenkins_plaintext", "{" + inner + "}"));
  // Cut short: Jenkins' output damaged, not a chosen value.
  CHECK_FALSE(run("jenkins_plaintext", "{" + inner.substr(0, 40) + "}"));
  CHECK(run("jenkins_plaintext", "{AQAAABAAA S2wQ7mLx9TvK4pRz}"));
  CHECK(run("jenkins_plaintext", "yYQShbid.x561~Gx8I correct horse"));
  CHECK_FALSE(run("jenkins_plaintext", "-----BEGIN OPENSSH PRIVATE KEY-----"));
  for (const char* unfilled : {"TODO", "none", "null", "password", "Secret", "true", "@@PASSWORD@@", "@deploy.password@", "__TOKEN__"})
    CHECK_FALSE(run("jenkins_plaintext", unfilled));
  CHECK(run("jenkins_plaintext", "s3cr3t"));
  CHECK(run("jenkins_plaintext", "@x7Kq2!mW@"));  // a password may start and end with an at sign
}

TEST_CASE("network device validators: type 7 and $9$ that decode, values that are not syntax or defaults") {
  CHECK(run("cisco_type7", "0822455D0A16"));            // "cisco", as Cisco's documents print it
  CHECK_FALSE(run("cisco_type7", "0822455D0A1"));       // odd length
  CHECK_FALSE(run("cisco_type7", "2822455D0A16"));      // offset 28: IOS writes 00-15
  CHECK_FALSE(run("cisco_type7", "0841455D0A16"));      // decodes to a control character (NUL)
  CHECK(run("juniper_9", "$9$FNkC3/t1IcevLuOWx"));      // "hello", as Crypt::Juniper's users print it
  CHECK_FALSE(run("juniper_9", "$9$FNkC3/t1IcevLuOW"));  // cut short
  CHECK_FALSE(run("juniper_9", "$9$9g6oH0ZqpD33ke$XS2b.7B2NoZVH3fciFkkulBWrSarVaf/pc0kF5evhhX"));  // Cisco type 9
  CHECK(run("device_plaintext", "Tq8vWm3zRk"));
  CHECK(run("device_plaintext", "cisco"));
  for (const char* word : {"WORD", "LINE", "PASSWORD", "SNMP_COMMUNITY", "password", "Secret", "encrypted", "hidden"})
    CHECK_FALSE(run("device_plaintext", word));
  CHECK(run("snmp_community", "Nm4qTz8vKw"));
  for (const char* word : {"public", "PUBLIC", "Private", "WORD", "community"})
    CHECK_FALSE(run("snmp_community", word));
}

TEST_CASE("docker_config_json wants a credential in the decoded config (seed-21 triage)") {
  // {"auths":{"registry.acme.io":{"auth":base64("ci-bot:Vx7qLm2Rk9")}}}
  CHECK(run("docker_config_json", "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJZMmt0WW05ME9sWjROM0ZNYlRKU2F6az0ifX19"));
  // username ci-bot, password Vx7qLm2Rk9
  CHECK(run("docker_config_json",
            "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7InVzZXJuYW1lIjoiY2ktYm90IiwicGFzc3dvcmQiOiJWeDdxTG0yUms5In19fQ=="));
  // an identity token (Azure Container Registry)
  CHECK(run("docker_config_json",
            "eyJhdXRocyI6eyJhY21lLmF6dXJlY3IuaW8iOnsiaWRlbnRpdHl0b2tlbiI6IlRxOHVWYlAyeFI3a0wwbU41c1dmWWMzSCJ9fX0="));
  // the legacy .dockercfg layout, without "auths"
  CHECK(run("docker_config_json",
            "eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJZMmt0WW05ME9sWjROM0ZNYlRKU2F6az0iLCJlbWFpbCI6ImNpQGFjbWUuaW8ifX0="));
  // username foo, password bar
  CHECK_FALSE(run("docker_config_json", "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7InVzZXJuYW1lIjoiZm9vIiwicGFzc3dvcmQiOiJiYXIifX19"));
  // an empty auth ("e30=" is {})
  CHECK_FALSE(run("docker_config_json", "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJlMzA9In19fQ=="));
  // an auth that is base64 of JSON, not of user:password
  CHECK_FALSE(run("docker_config_json",
                  "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJleUoxYzJWeWJtRnRaU0k2SW5WelpYSWlMQ0p3WVhOemQyOXlaQ0k2SW5CaGMzTWlmUT09In19fQ=="));
  // user:password-plain
  CHECK_FALSE(run("docker_config_json",
                  "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7ImF1dGgiOiJkWE5sY2pwd1lYTnpkMjl5WkMxd2JHRnBiZz09In19fQ=="));
  // password <your-password>
  CHECK_FALSE(run("docker_config_json",
                  "eyJhdXRocyI6eyJyZWdpc3RyeS5hY21lLmlvIjp7InVzZXJuYW1lIjoiY2ktYm90IiwicGFzc3dvcmQiOiI8eW91ci1wYXNzd29yZD4ifX19"));
  CHECK_FALSE(run("docker_config_json", "not base64!"));
}

TEST_CASE("basic_credentials drops a test's stand-in pairs (seed-21 triage)") {
  CHECK_FALSE(run("basic_credentials", "dXNlcjpwYXNz"));                      // user:pass
  CHECK_FALSE(run("basic_credentials", "Zm9vOmJhcg=="));                      // foo:bar
  CHECK_FALSE(run("basic_credentials", "dXNlcjpwYXNzd29yZC1lbmNvZGVk"));      // user:password-encoded
  CHECK(run("basic_credentials", "ZGVwbG95OnBhc3NhZ2UtVng3cQ=="));            // deploy:passage-Vx7q
}

TEST_CASE("generic_value drops a pointer dereference and base64 of a sentence saying it is made up (seed-21 triage)") {
  CHECK_FALSE(run("generic_value", "*DefaultPass", "e.Password = *DefaultPass"));
  CHECK_FALSE(run("generic_value", "*cfg.Password", "password = *cfg.Password"));
  CHECK(run("generic_value", "*Kq7vWm3zRx9", "password = \"*Kq7vWm3zRx9\""));  // digits: a value
  // "this value is a fake access token"
  CHECK_FALSE(run("generic_value", "dGhpcyB2YWx1ZSBpcyBhIGZha2UgYWNjZXNzIHRva2Vu", "Bearer dGhpcyB2YWx1ZSBpcyBhIGZha2UgYWNjZXNzIHRva2Vu"));
}

TEST_CASE("placeholder filter: a name and a typed sequence where the random part goes (seed-21 triage)") {
  CHECK(is_placeholder("memos_pat_xyz789"));
  CHECK(is_placeholder("deploy-token-abc123"));
  CHECK(is_placeholder("svc_key_987654"));
  CHECK_FALSE(is_placeholder("memos_pat_xq7k2m"));
  CHECK_FALSE(is_placeholder("deploy-token-abc12"));  // five characters: too short to tell
}

TEST_CASE("seed-19 and seed-20 triage: digests of a word, field keys, client keys, stand-ins, code") {
  // The SHA-1 of "password" beside the word; MySQL 4.1's hash of the name it is paired with.
  CHECK_FALSE(run("generic_value", "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", "(\"password\", \"5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8\""));
  CHECK_FALSE(run("generic_value", "*6D506891F7AC3D7128E2D230111040084A0F1155", "(\"oldpassword9\", \"*6D506891F7AC3D7128E2D230111040084A0F1155\""));
  CHECK(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f50813", "api_key = \"4b9c1e7a2d5f8036c1a9e4b7d2f50813\""));
  // A CRM field's key; Flagsmith's client-side keys, not its server-side ones.
  CHECK_FALSE(run("generic_value", "5d3f0c8e2b71a94f6e08c3b2d17a95e4f06b8c21", "PIPEDRIVE_DEAL_SOURCE_FIELD_KEY\": \"5d3f0c8e2b71a94f6e08c3b2d17a95e4f06b8c21"));
  CHECK_FALSE(run("generic_value", "Wq7bT3kPz9mXc2RnVd5hYs", "FLAGSMITH_CLIENT_API_KEY: Wq7bT3kPz9mXc2RnVd5hYs"));
  CHECK(run("generic_value", "ser.Wq7bT3kPz9mXc2RnVd5hYs", "FLAGSMITH_SERVER_KEY: ser.Wq7bT3kPz9mXc2RnVd5hYs"));
  CHECK_FALSE(run("not_client_side_key", "Wq7bT3kPz9mXc2RnVd5hYs", "curl -H 'X-Environment-Key: Wq7bT3kPz9mXc2RnVd5hYs'"));
  CHECK(run("not_client_side_key", "ser.Wq7bT3kPz9mXc2RnVd5hYs", "curl -H 'X-Environment-Key: ser.Wq7bT3kPz9mXc2RnVd5hYs'"));
  CHECK(run("not_client_side_key", "Wq7bT3kPz9mXc2RnVd5hYs", "curl -H 'X-Api-Key: Wq7bT3kPz9mXc2RnVd5hYs'"));
  // Code and descriptions: a variable's name, minified code after an empty
  // field, a test's input that must be refused, a number and what it stands for.
  CHECK_FALSE(run("generic_value", "3f6c2a1e-8d4b-4c7e-9a2f-5b1d0e7c6a94Password", "passwordVariable: '3f6c2a1e-8d4b-4c7e-9a2f-5b1d0e7c6a94Password"));
  CHECK_FALSE(run("generic_value", "null,showDialog:!1,baseUrl:window.location.origin+", "password:null,showDialog:!1,baseUrl:window.location.origin+"));
  CHECK_FALSE(run("generic_value", "+malformed-base64-password", "password = \"+malformed-base64-password"));
  CHECK(is_placeholder("123456_set_in_the_job"));
  CHECK_FALSE(is_placeholder("123456_Kq7vWm3zRx9"));
  // URL and Basic stand-ins.
  CHECK_FALSE(run("uri_password", "paswd", "mongodb://user:paswd@mongo1:27017"));
  CHECK(run("uri_password", "Kq7vWm3zRx9", "mongodb://user:Kq7vWm3zRx9@mongo1:27017"));
  CHECK_FALSE(run("basic_password_not_placeholder", "b3BzQGV4YW1wbGUub3JnOg=="));  // ops@example.org:
  CHECK(run("basic_password_not_placeholder", "c2tfbGl2ZV8xMjM0NTY3ODkwYWJjZDo="));  // an API key as the user
  // An SQL column's type; a metasyntactic value.
  CHECK(is_placeholder("VARCHAR(100),"));
  CHECK(is_placeholder("nvarchar(64)"));
  CHECK(is_placeholder("fooBarWq7bT3kPz9mXc2RnVd5hYsLq8"));
}

TEST_CASE("seed-21 and seed-23 triage: mount options, AWS API tokens, templates") {
  // A mount's flags end a password as name=value settings do.
  CHECK(settings_start("Kq7vWm3zRx9,rw,uid=1000") == 11);
  CHECK(settings_start("p4ss,w0rd,ssl=True") == 9);  // a digit: part of the password
  CHECK_FALSE(run("generic_value", "5a1c8e2f-3b7d-4e9a-8c6f-1d2e3f4a5b6c", "\"ClientToken\": \"5a1c8e2f-3b7d-4e9a-8c6f-1d2e3f4a5b6c"));
  CHECK_FALSE(run("generic_value", "7b2d9f3e-4c8a-4f1b-9d7e-2a3b4c5d6e7f", "\"NextLockToken\": \"7b2d9f3e-4c8a-4f1b-9d7e-2a3b4c5d6e7f"));
  CHECK(is_placeholder("@ESXI1_PASSWORD"));
  CHECK(is_placeholder("storage-systems/%s/passwords"));
  CHECK(is_placeholder("VeryStrongPasswordHere!"));
  CHECK_FALSE(is_placeholder("Kq7%sWm3zRx9"));  // '%s' inside a random value, followed by a letter
  CHECK_FALSE(is_placeholder("4qHMfFJSEZWQ%s+fgBze"));  // a random password holding '%s', capitals around it
  CHECK(is_placeholder("%s"));
}

TEST_CASE("seed-22 and seed-24 triage: paths, names of errors, lockfile checksums, aliases, schema types") {
  CHECK_FALSE(run("generic_value", "v1/instance/service-accounts/default/token", "TOKEN_URI_PATH = 'v1/instance/service-accounts/default/token"));
  CHECK_FALSE(run("generic_value", "stubs/ext/oci8/oci_password_change.php", "'oci_password_change' => 'stubs/ext/oci8/oci_password_change.php"));
  CHECK_FALSE(run("generic_value", "d9bcdbfe-a9d6-4bfa-a8ff-da5fd93e0f6d", "COMPROMISED_PASSWORD_ERROR = 'd9bcdbfe-a9d6-4bfa-a8ff-da5fd93e0f6d"));
  CHECK_FALSE(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f50813", "auth/forgot-password/reset/new_password: 4b9c1e7a2d5f8036c1a9e4b7d2f50813"));
  CHECK(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f50813", "api_key: 4b9c1e7a2d5f8036c1a9e4b7d2f50813"));
  CHECK_FALSE(run("generic_value", "*smtp_password", "SMTP_PASSWORD: *smtp_password"));
  CHECK(run("generic_value", "Kq7v/Wm3z.Rx9q", "password = 'Kq7v/Wm3z.Rx9q"));  // '/' and '.', but no path
  CHECK(is_placeholder("PasswordState!"));
  CHECK_FALSE(is_placeholder("AnotherStrongPass!"));  // a documentation's example password
  CHECK_FALSE(is_placeholder("Kq7vWm3zRx!"));
}

TEST_CASE("seed-22 to seed-27 triage: coin addresses, interpolation, calls, italics, salts, digests, leetspeak, notes") {
  // Base58Check addresses (TRON's zero address, Bitcoin's genesis address) are
  // public; the same string with one character changed fails the checksum.
  CHECK_FALSE(run("generic_value", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "'nativeToken' => 'T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"));
  CHECK_FALSE(run("generic_value", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "wallet_token = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  CHECK(run("generic_value", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "wallet_token = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
  // A value read up to an interpolation's '{'; a '$' at the end of a real value stays.
  CHECK_FALSE(run("generic_value", "prefix-$", "POSTGRES_PASSWORD=prefix-${PASSWORD_SUFFIX}"));
  CHECK(run("generic_value", "Kq7vWm3zRx9$", "POSTGRES_PASSWORD=Kq7vWm3zRx9$ "));
  // A call where a Wi-Fi passphrase goes; a passphrase with parentheses is one.
  CHECK_FALSE(run("not_code_call", "dict(type='str', no_log=True),"));
  CHECK(run("not_code_call", "Wm7q(T2x)Lk9Vr"));
  // Markdown italics around a name.
  CHECK_FALSE(run("generic_value", "*test_password*", "password: *test_password*"));
  // A password's salt and hex digest; other salts are keys, crypt strings can be cracked.
  CHECK_FALSE(run("generic_value", "5d3f0c8e2b71a94f6e08c3b2d17a95e4f06b8c21", "\"password_salt\":\"5d3f0c8e2b71a94f6e08c3b2d17a95e4f06b8c21"));
  CHECK_FALSE(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813",
                  "selfoss_password_hash: 4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813"));
  CHECK(run("generic_value", "Kq7vWm3zRx9Lp2Tb8Nc4", "define('AUTH_SALT', 'Kq7vWm3zRx9Lp2Tb8Nc4"));
  // Words and a counted number; other digits make a value.
  CHECK_FALSE(run("generic_value", "custom-verification-token-12345", "expectedVerificationToken = 'custom-verification-token-12345"));
  CHECK(run("generic_value", "custom-verification-token-19374", "expectedVerificationToken = 'custom-verification-token-19374"));
  // Rate limits, a sudoers tag, the setting edited by sed, a semantic version, a model's name.
  CHECK_FALSE(run("generic_value", "20/m/ip,5/m/key", "\"reset_password\": \"20/m/ip,5/m/key"));
  CHECK_FALSE(run("generic_value", "SETENV:/usr/bin/docker", "NOPASSWD:SETENV:/usr/bin/docker"));
  CHECK_FALSE(run("generic_value", "listmonk/POSTGRES_PASSWORD=$db_password/g", "POSTGRES_PASSWORD=listmonk/POSTGRES_PASSWORD=$db_password/g"));
  CHECK_FALSE(run("generic_value", "12.0.0-next-7.15", "verdaccio-htpasswd: 12.0.0-next-7.15"));
  CHECK_FALSE(run("generic_value", "claude-sonnet-4-6", "('test-api-key', 'claude-sonnet-4-6"));
  // Optional chaining; a password's scrypt record in base64.
  CHECK_FALSE(run("generic_value", "this.options?.jwt_secret", "jwt_secret = this.options?.jwt_secret"));
  CHECK_FALSE(run("generic_value", "configModule?.projectConfig.database_password??", "password: configModule?.projectConfig.database_password??"));
  CHECK_FALSE(run("generic_value", "c2NyeXB0AAEAAAABAAAAAWdp3R1B9BVX23zRZw5xSUJu98e6fA8Plj8WA", "\"password_hash\": \"c2NyeXB0AAEAAAABAAAAAWdp3R1B9BVX23zRZw5xSUJu98e6fA8Plj8WA"));
  CHECK(run("generic_value", "$6$Kq7vWm3z$Rx9Lp2Tb8Nc4", "password_hash: $6$Kq7vWm3z$Rx9Lp2Tb8Nc4"));
  // Other validators: Postman's request id, a URL path of typed sequences, a URL as the user, a JCasC value that is code.
  CHECK_FALSE(run("not_request_id", "3f6c2a1e-8d4b-4c7e-9a2f-5b1d0e7c6a94", "-H 'postman-token: 3f6c2a1e-8d4b-4c7e-9a2f-5b1d0e7c6a94'"));
  CHECK_FALSE(run("url_path_not_placeholder", "https://hooks.zapier.com/hooks/catch/123456/abcdef"));
  CHECK(run("url_path_not_placeholder", "https://hooks.zapier.com/hooks/catch/1521559/ttl3umv"));
  CHECK_FALSE(run("uri_password", "//localhost:9000/api", "curl -u 'http://localhost:9000/api"));
  CHECK_FALSE(run("uri_password", "x-oauth-basic", "https://${TOKEN}:x-oauth-basic@github.com"));
  CHECK_FALSE(run("jenkins_plaintext", "newPrivateKey"));
  CHECK_FALSE(run("jenkins_plaintext", "bytes"));
  CHECK(run("jenkins_plaintext", "qTzvWbHkRmYpLsNdVcXe"));
  // A URL of several hosts; an LDAP DN's part.
  CHECK_FALSE(run("uri_password", "123,foo:bar", "https://foo.com:123,foo:bar@bar.com"));
  CHECK_FALSE(run("generic_value", "ou=application", "password:ou=application"));
  // A note where the value goes.
  CHECK(is_placeholder("lookup..@TODO"));
  CHECK_FALSE(is_placeholder("Kq7vWm3zRx9Todo"));
}

TEST_CASE("not_named_value: a host name or a name for what goes there in a password setting (seed-25 triage)") {
  CHECK_FALSE(run("not_named_value", "domain.com"));
  CHECK_FALSE(run("not_named_value", "IAMmailerSecret"));
  CHECK(run("not_named_value", "pGWBBBtmAbvPezB"));        // random letters
  CHECK(run("not_named_value", "Sp4Od8Ic2Ux6Yz"));
  CHECK(run("not_named_value", "Kq7v.Wm3z.Rx9"));          // dots, but no host name
}

TEST_CASE("seed-30 and seed-31 triage: descriptions, cut values, encrypted passwords, pointers, proofs, public keys") {
  CHECK(is_placeholder("random-32-char-string-here"));
  CHECK(is_placeholder("eyJhbGciOiJSUzI1NiIsInR5cCI6..."));
  CHECK_FALSE(is_placeholder("Kq7vWm3zRx9Lp2Tb"));
  CHECK_FALSE(is_placeholder("MyPa$$w0rd..."));  // a password at the end of a sentence
  CHECK(is_placeholder("eyJhbG...2g"));
  CHECK_FALSE(run("generic_value", "currentPasswordExpiration?.enabled", "passwordExpirationToPersist = currentPasswordExpiration?.enabled"));
  CHECK_FALSE(run("generic_value", "5f2b8c1e7a2d5f8036c1a9e4b7d2f508", "passwordEncrypted: '5f2b8c1e7a2d5f8036c1a9e4b7d2f508"));
  CHECK(run("generic_value", "$2a$10$Kq7vWm3zRx9Lp2Tb8Nc4He", "encrypted_password: '$2a$10$Kq7vWm3zRx9Lp2Tb8Nc4He"));  // bcrypt: crackable, kept
  CHECK_FALSE(run("generic_value", "#/components/schemas/updateLoginFlowWithPasswordMethod", "password: '#/components/schemas/updateLoginFlowWithPasswordMethod"));
  // A SHA-512 digest under a password's name; 64 hex digits under a secret's name are a key.
  CHECK_FALSE(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f50813" + std::string(96, 'c'), "'password' => '4b9c1e7a2d5f8036c1a9e4b7d2f50813" + std::string(96, 'c')));
  CHECK(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813", "api_secret = '4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813"));
  CHECK_FALSE(run("generic_value", "4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813", "appsecret_proof=4b9c1e7a2d5f8036c1a9e4b7d2f508134b9c1e7a2d5f8036c1a9e4b7d2f50813"));
  CHECK_FALSE(run("generic_value", "Kq7vWm3zRx9Lp2Tb8Nc4", "MIX_PUSHER_APP_KEY:\"Kq7vWm3zRx9Lp2Tb8Nc4"));
  CHECK_FALSE(run("generic_value", "cECq6qMgAZLfsX", "(\"password.traits.username\", \"cECq6qMgAZLfsX"));
}

TEST_CASE("seed-32 and seed-33 triage: filter tokens, Ruby methods, resource paths, upload ids, long digests") {
  CHECK(is_placeholder("@@ERRBIT_DB_PASSWORD@@"));
  CHECK(is_placeholder("@projectversion@"));
  CHECK_FALSE(run("generic_value", "fetch_password!", "password = fetch_password!"));
  CHECK(run("generic_value", "Kq7vWm3zRx9!", "password = Kq7vWm3zRx9!"));
  CHECK_FALSE(run("generic_value", "VideoSource40/v4/e3/48/1a/e3481a8f-ec25-419f-9048-270d7acaf89a",
                  "\"groupToken\" : \"VideoSource40/v4/e3/48/1a/e3481a8f-ec25-419f-9048-270d7acaf89a"));
  CHECK_FALSE(run("generic_value", "7facf5bd-931c-415e-a8f7-c338dcdfadf9/1416998773458",
                  "reused token: 7facf5bd-931c-415e-a8f7-c338dcdfadf9/1416998773458"));
  const std::string digest = "4b9c1e7a2d5f8036c1a9e4b7d2f50813" + std::string(96, 'e');
  CHECK_FALSE(run("generic_value", digest, "\"token_hash\": \"" + digest));
}

TEST_CASE("seed 35-38 triage: validation rules, secret references, upstream directives, prose, selectors") {
  // A Laravel installer's validation rules for the password field.
  CHECK(is_placeholder("required|string|max:50"));
  CHECK(is_placeholder("nullable|min:8|confirmed"));
  CHECK_FALSE(is_placeholder("Kx7|mQ2v|Rt9wLp"));   // '|' in a random password
  // An installer template's constant, named for the root password it stands for.
  CHECK(is_placeholder("PH_LDAP_ROOTPW_SSHA"));
  // A secret manager's reference, resolved at deploy time.
  CHECK_FALSE(run("generic_value", "local:/staging-cluster/adminUser:password-passthrough",
                  "password: local:/staging-cluster/adminUser:password-passthrough"));
  CHECK_FALSE(run("generic_value", "gsm:billing-prod/db-password", "password: gsm:billing-prod/db-password"));
  // nginx's fastcgi_pass holds an upstream's address; a route is no password.
  CHECK_FALSE(run("generic_value", "unix:/var/run/php5-fpm.sock", "FASTCGI_PASS='unix:/var/run/php5-fpm.sock"));
  CHECK_FALSE(run("generic_value", "*/api/v2/factor_password/forgot",
                  "FORGOT_PASSWORD_ENDPOINT = '*/api/v2/factor_password/forgot"));
  CHECK(run("generic_value", "Qx7vR2mT9bN4kWz8", "SMTP_PASS='Qx7vR2mT9bN4kWz8"));
  // A sentence that starts as the device command does.
  CHECK_FALSE(run("device_plaintext", "here:", "username and password here:"));
  CHECK(run("device_plaintext", "Cisc0Lab!", "username admin password 0 Cisc0Lab!"));
  // A page object's CSS selector; minified code appending to a string.
  CHECK_FALSE(run("generic_value", "#shop_customer_registration_user_plainPassword_first",
                  "'password' => '#shop_customer_registration_user_plainPassword_first"));
  CHECK(run("generic_value", "#Qx7vR2mT9bN4kWz8", "'password' => '#Qx7vR2mT9bN4kWz8"));
  CHECK_FALSE(run("generic_value", "qs+=sFieldName+", "\"password\":qs+=sFieldName+"));
  // PayPal Express Checkout's payment id in a return URL.
  CHECK_FALSE(run("generic_value", "EC-4JX81923PL0576203", "?token=EC-4JX81923PL0576203"));
  CHECK(run("generic_value", "EC-4JX81923PL0576203Xq7", "?token=EC-4JX81923PL0576203Xq7"));
  // A Symfony parameter the value is built from; a password that starts with '%'.
  CHECK(is_placeholder("%kernel.project_dir%/config/jwt/private.pem"));
  CHECK_FALSE(is_placeholder("%Qx7%vR2mT9bN4kWz8"));
  // ffmpeg's ':'-separated filter options after "eof_action=pass".
  CHECK_FALSE(run("generic_value", "shortest=1:repeatlast=0", "pass:shortest=1:repeatlast=0"));
  // A string's id of capitalised words under a token's name; not a password made of words.
  CHECK_FALSE(run("generic_value", "WindowsServiceIntro1", "Token=\"WindowsServiceIntro1"));
  CHECK(run("generic_value", "SuperSecretPass1", "password=SuperSecretPass1"));
  CHECK(run("generic_value", "KxWmQvTr9bN4LpZa", "Token=\"KxWmQvTr9bN4LpZa"));
  // A bare key= parameter of odd-length hex is a session's id; an even-length one may be a key.
  CHECK_FALSE(run("generic_value", "0041c9e07a3b5d2f8e6c1a9b4d7f0e3c2a5", "?key=0041c9e07a3b5d2f8e6c1a9b4d7f0e3c2a5"));
  CHECK(run("generic_value", "41c9e07a3b5d2f8e6c1a9b4d7f0e3c2a", "?key=41c9e07a3b5d2f8e6c1a9b4d7f0e3c2a"));
  // A feature flag's name, a product's name, a claim's flag, a test's sentinel (seeds 39-40).
  CHECK_FALSE(run("generic_value", "pm-23801-prefetch-password-prelogin",
                  "PrefetchPasswordPrelogin = \"pm-23801-prefetch-password-prelogin"));
  CHECK_FALSE(run("generic_value", "1Password/SDK", "ProviderOnePasswordSDK = \"1Password/SDK"));
  CHECK_FALSE(run("generic_value", "true|UsersGetPremium:true", "UseResetPassword:true|UsersGetPremium:true"));
  CHECK(is_placeholder("2.SENTINEL-password|encrypted"));
  // Passkey authenticator ids under password managers' names (seed 41).
  CHECK_FALSE(run("generic_value", "fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "ApplePasswords = \"fbfc3007-154e-4ecc-8c0b-6e020557d7bd"));
  CHECK_FALSE(run("generic_value", "bada5566-a7aa-401f-bd96-45619a55120d", "OnePassword = \"bada5566-a7aa-401f-bd96-45619a55120d"));
  // Markdown prose with code spans is no device command.
  CHECK_FALSE(run("device_plaintext", "(`admin`/`admin`).", "username and password (`admin`/`admin`)."));
  CHECK_FALSE(run("generic_value", "b4be7a61-90c2-4d5e-8f13-7a2c6e9d0b45Xq", "secret_id_accessor\": \"b4be7a61-90c2-4d5e-8f13-7a2c6e9d0b45Xq"));
  // The metasyntactic pair, however punctuated.
  CHECK(is_placeholder("foo{bar"));
  CHECK(is_placeholder("{foo}bar}"));
  CHECK_FALSE(is_placeholder("foo{bar9Kx"));
}

TEST_CASE("generic_value drops sentences, algorithm names, encoded templates and exported names (seeds 43-47)") {
  // A comment left as a commented-out value, words joined by '_'; a key's groups are no words.
  CHECK_FALSE(run("generic_value", "neo4j_NOTE_FOR_NOW_IT_SEEMS_NEO4JCONFIG_DISREGARDS_CREDENTIALS_WE_SHOULD_FILE_A_BUG",
                  "PASSWORD=neo4j_NOTE_FOR_NOW_IT_SEEMS_NEO4JCONFIG_DISREGARDS_CREDENTIALS_WE_SHOULD_FILE_A_BUG"));
  CHECK(run("generic_value", "QA7R_KW2M_ZE9T_LN4V_HB8C", "SECRET=QA7R_KW2M_ZE9T_LN4V_HB8C"));
  CHECK(run("generic_value", "Hunter_Blue_Falcon_77", "password=Hunter_Blue_Falcon_77"));
  // A hash algorithm's name as a setting.
  CHECK_FALSE(run("generic_value", "scram-sha-256", "password_encryption: scram-sha-256"));
  CHECK_FALSE(run("generic_value", "pbkdf2_sha256", "PASSWORD_HASHER: pbkdf2_sha256"));
  CHECK(run("generic_value", "shadow-Kq7vT2xL", "password: shadow-Kq7vT2xL"));
  // Caddy's {env.X} placeholder, percent-encoded in a URL.
  CHECK_FALSE(run("generic_value", "%7Benv.CADDY_REWRITE_TEST_SECRET%7D", "?key=%7Benv.CADDY_REWRITE_TEST_SECRET%7D"));
  CHECK(run("generic_value", "%7BQx7vR2mT9bN4kWz8", "?key=%7BQx7vR2mT9bN4kWz8"));
  // A package's exported name assigned in Go; quoted, it is a string.
  CHECK_FALSE(run("generic_value", "user.Pbkdf2HashVersion", "PasswordHashVersion = user.Pbkdf2HashVersion"));
  CHECK(run("generic_value", "user.Pbkdf2HashVersion", "Password = \"user.Pbkdf2HashVersion"));
  // A field mapping ("passwordkey:password,rolekey:inrole"): the value ends at its comma.
  CHECK_FALSE(run("generic_value", "password,rolekey:inrole,template:true", "passwordkey:password,rolekey:inrole,template:true"));
  // A value asking for one (seed 47).
  CHECK(is_placeholder("PleaseGenerateA50CharLul"));
  CHECK(is_placeholder("please-change-this-secret-now"));
  // Filler text under a sample Secret's key.
  CHECK_FALSE(run("generic_value", "c29tZSBkYXRhCg==", "token-secret: c29tZSBkYXRhCg=="));
}

TEST_CASE("uri_password drops a key's name where the password goes, not a word ending in key") {
  CHECK_FALSE(run("uri_password", "auth_key", "mongodb://user:auth_key@10.10.3.30:27017"));
  CHECK(run("uri_password", "monkey", "mongodb://user:monkey@db.acme.io:27017"));
}

TEST_CASE("generic_value drops view names, policy keys, selectors, encrypted digests, xpubs and format slots (seeds 46-48)") {
  CHECK_FALSE(run("generic_value", "ajax:authentication/forgotPasswordSuccess",
                  "forgotPasswordSuccessView = \"ajax:authentication/forgotPasswordSuccess"));
  CHECK_FALSE(run("generic_value", "8bcf0ab9-6a2f-4d7e-9c31-5e0f2a7b4d11", "passwordPolicy_key=\"8bcf0ab9-6a2f-4d7e-9c31-5e0f2a7b4d11"));
  CHECK_FALSE(run("generic_value", "#PasswordConfirmation", "data-toggle-password=\"#PasswordConfirmation"));
  CHECK(run("generic_value", "#Welcome2024x", "password=\"#Welcome2024x"));
  CHECK_FALSE(run("generic_value", "4f1c7a2e9b3d5f8a0c6e2b4d7f9a1c3e5b8d0f2a4c6e8b1d3f5a7c9e2b4d6f8a",
                  "token_encrypted_ = \"4f1c7a2e9b3d5f8a0c6e2b4d7f9a1c3e5b8d0f2a4c6e8b1d3f5a7c9e2b4d6f8a"));
  const std::string xpub = "xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1icqYh2cfDfVxdx4df189oLKnC5fSwqPfgyP3hooxujYzAu3fDVmz";
  REQUIRE(xpub.size() == 111);
  CHECK_FALSE(run("generic_value", xpub, "\"signingKey\": \"" + xpub));
  CHECK(is_placeholder("syncope.admin.password=%s"));
  CHECK(is_placeholder("%s/oryx.debug.js-tokenValueMap.properties"));
  CHECK_FALSE(is_placeholder("Qx7%sR2mT9bN4kWz8"));
}

TEST_CASE("uri_password drops a redaction mask") {
  CHECK_FALSE(run("uri_password", "***PASSWORD***", "postgres://user:***PASSWORD***@localhost"));
  CHECK(run("uri_password", "k7*vq2x9Lm", "postgres://user:k7*vq2x9Lm@db.acme.io"));
}

TEST_CASE("seeds 49-51: Secret names, a signed document, a translated password word") {
  // The Kubernetes Secret a chart's values point at, and a Secret with its key.
  CHECK_FALSE(run("generic_value", "airflow-cluster1-mysql-credentials",
                  "userSecret: \"airflow-cluster1-mysql-credentials"));
  CHECK_FALSE(run("generic_value", "airflow-cluster1-git-keys", "secret: airflow-cluster1-git-keys"));
  CHECK_FALSE(run("generic_value", "airflow-secret:postgres_credentials",
                  "POSTGRES_PASSWORD = airflow-secret:postgres_credentials"));
  CHECK(run("generic_value", "Kx4m-9vwq-r2tz-key", "secret: Kx4m-9vwq-r2tz-key"));  // a capital: not a name
  CHECK(run("generic_value", "kx4m-9vwq-r2tz", "secret: kx4m-9vwq-r2tz"));          // no credential word last
  // A JWS of data (no registered claim, no field about a user, key or grant)
  // is a signed document; claims about someone keep a token a credential.
  const auto encode = [](const std::string& json) {
    std::string s = base64_encode(json);
    while (!s.empty() && s.back() == '=') s.pop_back();
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return s;
  };
  const std::string rs256 = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.", signature = "." + std::string(342, 'Q');
  const std::string document = R"({"timestamp":"2023-10-11T19:24:10Z","messages":[{"remainingDays":30,"title":"version_unsupported_title","subtitle":"version_unsupported_subtitle","description":"version_unsupported_body","type":"alert","params":{}}],"versions":[{"version":"6.4.0","expiration":"2024-04-30T00:00:00Z"},{"version":"6.5.0","expiration":"2024-06-30T00:00:00Z"}]})";
  REQUIRE(document.size() >= 256);
  CHECK_FALSE(run("jwt", rs256 + encode(document) + signature));
  // A short one is a test's token, whatever its claims.
  CHECK(run("jwt", rs256 + encode(R"({"a":1,"b":2,"c":3})") + signature));
  CHECK(run("jwt", rs256 + encode(R"({"timestamp":"2023-10-11T19:24:10Z","userId":"Kx4mP9qRt2"})") + signature));
  CHECK(run("jwt", rs256 + encode(R"({"data":"x","exp":4102444800})") + signature));
  CHECK(run("jwt", rs256 + encode(R"({"features":["sso"],"license":"enterprise"})") + signature));
  // "password" in Dutch under a locale's password key, as the English word is.
  CHECK_FALSE(run("generic_value", "E2EE-wachtwoord", "\"E2EE_password\": \"E2EE-wachtwoord"));
  CHECK_FALSE(run("generic_value", "E2EE-password", "\"E2EE_password\": \"E2EE-password"));
  CHECK(run("generic_value", "Kx4mP9wachtwoordQz7", "\"api_token\": \"Kx4mP9wachtwoordQz7"));
}

TEST_CASE("seed 52: a shortened password name over the word, a captured page's document id") {
  CHECK_FALSE(run("generic_value", "input:password", "'passwd': 'input:password"));
  CHECK_FALSE(run("generic_value", "9F3B2C7A1E4D6B8C0A5F7E2D4C6B8A10",
                  "\"serializedToken\": \"9F3B2C7A1E4D6B8C0A5F7E2D4C6B8A10"));
  CHECK(run("generic_value", "9F3B2C7A1E4D6B8C0A5F7E2D4C6B8A10", "\"sessionToken\": \"9F3B2C7A1E4D6B8C0A5F7E2D4C6B8A10"));
}

TEST_CASE("seed 54: a format slot or interpolation as the whole value") {
  CHECK_FALSE(run("generic_value", "{args[3]}", "password={args[3]}"));
  CHECK_FALSE(run("generic_value", "{0}", "Pwd={0}"));
  CHECK_FALSE(run("generic_value", "{cfg['sasl.password']}", "password={cfg['sasl.password']}"));
  CHECK(run("generic_value", "{Kx4m;P9q}Rt2", "Pwd={Kx4m;P9q}Rt2"));  // ODBC braces around ';'
}

TEST_CASE("jwe validator wants a header naming alg and enc and the part lengths of RFC 7516") {
  const std::string iv = "foRnn44cPzD6IqE1", ct = "Sl5armWwEEZIpSwbKLcp3ks58Jy4_n3o686Q1rc5xut", tag = "lIfKwUdlrtXS9RbYusDZmw";
  const std::string direct = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0";  // {"alg":"dir","enc":"A256GCM"}
  const std::string rsa = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ";  // RSA-OAEP
  const std::string key(342, 'k');
  CHECK(run("jwe", direct + ".." + iv + "." + ct + "." + tag));
  CHECK(run("jwe", rsa + "." + key + "." + iv + "." + ct + "." + tag));
  CHECK_FALSE(run("jwe", rsa + ".." + iv + "." + ct + "." + tag));               // RSA-OAEP wraps a key
  CHECK_FALSE(run("jwe", direct + "." + key + "." + iv + "." + ct + "." + tag));  // "dir" has none
  CHECK_FALSE(run("jwe", direct + ".." + iv + "." + ct + "." + tag.substr(0, 20)));
  CHECK_FALSE(run("jwe", direct + ".." + iv + "x." + ct + "." + tag));             // a 17-character IV
  CHECK_FALSE(run("jwe", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.." + iv + "." + ct + "." + tag));  // no enc
  // Sealed data rather than a token: RSA-OAEP without a nested JWT (Drone's
  // .drone.sec), a key sealed under a password (PBES2, "cty":"jwk+json").
  const std::string sealed = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkExMjhHQ00ifQ";  // {"alg":"RSA-OAEP","enc":"A128GCM"}
  CHECK_FALSE(run("jwe", sealed + "." + key + "." + iv + "." + ct + "." + tag));
  const std::string pbes2 = "eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJjdHkiOiJqd2sranNvbiIsImVuYyI6IkEyNTZHQ00ifQ";
  CHECK_FALSE(run("jwe", pbes2 + "." + key + "." + iv + "." + ct + "." + tag));
}

TEST_CASE("seed 56: every byte counted up from 00 is a placeholder") {
  CHECK(is_placeholder("00112233445566778899aabbccddeeff"));
  CHECK(is_placeholder("8899AABBCCDDEEFF0011223344556677"));  // counting on past ff
  CHECK_FALSE(is_placeholder("0011223344556677889900aabbccddee"));  // a pair out of step
  CHECK_FALSE(is_placeholder("7f3a9c0e5b2d8f1a6c4e0b9d3f7a2c5e"));
}

TEST_CASE("seeds 57-59: login methods, credential variables, swarm ids, token Secret names, translated secrets") {
  // sftpgo's SSH login method: words joined by '+', one of them "password".
  CHECK_FALSE(run("generic_value", "publickey+password", "SSHLoginMethodKeyAndPassword = \"publickey+password"));
  // A camelCase variable named for a credential, unquoted; quoted it may be a weak password.
  CHECK_FALSE(run("generic_value", "sha512CryptPwd", "u.Password = sha512CryptPwd"));
  CHECK_FALSE(run("generic_value", "md5CryptPwd", "password := md5CryptPwd"));
  CHECK(run("generic_value", "sha512CryptPwd", "u.Password = \"sha512CryptPwd"));
  CHECK(run("generic_value", "sha512CryptPwd", "DB_PASSWORD=sha512CryptPwd"));  // a .env file's literal
  CHECK(run("generic_value", "kX9mQ2vLp7Rt", "password = kX9mQ2vLp7Rt"));
  // "client secret" in German under a locale's key.
  CHECK_FALSE(run("generic_value", "OAuth2-Clientgeheimnis", "\"oauth2_client_secret\": \"OAuth2-Clientgeheimnis"));
  // A Docker swarm secret's id in `docker secret inspect`; Vault's secret_id stays.
  CHECK_FALSE(run("generic_value", "bhw2aqk8r0fyq3vds5lr2cfo5", "\"SecretID\": \"bhw2aqk8r0fyq3vds5lr2cfo5"));
  CHECK(run("generic_value", "bhw2aqk8r0fyq3vds5lr2cfo5", "\"secret_id\": \"bhw2aqk8r0fyq3vds5lr2cfo5"));
  // A service account's token Secret by name (`kubectl describe sa`).
  CHECK_FALSE(run("generic_value", "alb-ingress-controller-token-7xk2q", "secrets:   alb-ingress-controller-token-7xk2q"));
  CHECK(run("generic_value", "alb-ingress-controller-token-7xk2q9", "secret: alb-ingress-controller-token-7xk2q9"));
  // Chatwoot's website token, sent from every visitor's browser.
  CHECK_FALSE(run("generic_value", "Zq4mP9wRt2VnLx7KbY3cHd8f", "websiteToken: 'Zq4mP9wRt2VnLx7KbY3cHd8f"));
  // A value filled with "blah".
  CHECK(is_placeholder("w9Vx3jQblahblahblahblahTq8pRz7KmLn2YdF4"));
  // Amazon SES SMTP passwords: version byte 4 before the HMAC.
  CHECK(run("ses_smtp_password", "BEi7tq0Zs2Pw9Lx4Vn6Ck3Ym8Rd1Hf5Ja7Qu2Tb0Wg4O"));
  CHECK_FALSE(run("ses_smtp_password", "BUi7tq0Zs2Pw9Lx4Vn6Ck3Ym8Rd1Hf5Ja7Qu2Tb0Wg4O"));
  CHECK_FALSE(run("ses_smtp_password", "BEi7tq0Zs2Pw9Lx4Vn6Ck3Ym8Rd1Hf5Ja7Qu2Tb0Wg"));
  CHECK(run("mixed_case", "Kx4m-P9qRt2VwLq7ZnB3c_Hd"));
  CHECK_FALSE(run("mixed_case", "YOU_GOT_THIS_FROM_STEP-3"));
}

TEST_CASE("seeds 60-62: sealed values, stand-in pairs, Secret references, crypted digests, tenant headers") {
  // SOPS's envelope is ciphertext; so is a window of a longer base64 run (rule_loader's template).
  CHECK(is_placeholder("ENC[AES256_GCM,data:Zq4mP9wRt2Vn,iv:Lx7KbY3cHd8fQ2w=,tag:Rt2VnLx7KbY3cHd8f==,type:str]"));
  CHECK(is_placeholder("anonymous"));
  // The layout in a comment, and a stand-in user with the word in digits.
  CHECK_FALSE(run("generic_value", "username:password", "mosquitto_pwd: username:password"));
  CHECK_FALSE(run("uri_password", "p4ssw0rd", "curl -u username:p4ssw0rd"));
  CHECK(run("uri_password", "p4ssw0rd", "curl -u deploy:p4ssw0rd"));
  CHECK(run("uri_password", "Kx4mP9qRt2", "curl -u username:Kx4mP9qRt2"));
  // A chart's reference to a Secret by name.
  CHECK_FALSE(run("generic_value", "oauth2-proxy-config", "existingSecret: oauth2-proxy-config"));
  CHECK_FALSE(run("generic_value", "cert-manager-pkcs12", "passwordSecretRef: cert-manager-pkcs12"));
  CHECK(run("generic_value", "Kx4m-P9qRt2VwLq7", "existingSecret: Kx4m-P9qRt2VwLq7"));
  // restful_authentication's digest; a decrypted password is still a password.
  const std::string hex64 = "ce2b1e7b1b4c7f09b3e6d5a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2";
  CHECK_FALSE(run("generic_value", hex64, "crypted_password: \"" + hex64));
  CHECK(run("generic_value", "Kx4mP9qRt2Vw", "decrypted_password: \"Kx4mP9qRt2Vw"));
  // GitHub's CSRF token in a saved page's script.
  CHECK_FALSE(run("generic_value", "7f3a9c0e5b2d8f1a6c4e0b9d3f7a2c5e8b1d4f6a", "window._auth_token = \"7f3a9c0e5b2d8f1a6c4e0b9d3f7a2c5e8b1d4f6a"));
  // A PayPal checkout token copied with a lower-case letter.
  CHECK_FALSE(run("generic_value", "EC-7XU83376c70426719", "token: EC-7XU83376c70426719"));
  // Grafana: a tenant's name under httpHeaderValue1, not a password under password.
  CHECK_FALSE(run("header_value_not_tenant", "tenant1", "      httpHeaderValue1: \"tenant1"));
  CHECK(run("header_value_not_tenant", "Qm7vT2xLp9RkZ4wNc8Yh", "      httpHeaderValue1: \"Qm7vT2xLp9RkZ4wNc8Yh"));
  CHECK(run("header_value_not_tenant", "grafana", "      password: grafana"));
}

TEST_CASE("seeds 63-64: WooCommerce order keys, MySQL native password hashes") {
  CHECK_FALSE(run("generic_value", "wc_order_Kx4mP9qRt2VwL", "?key=wc_order_Kx4mP9qRt2VwL"));
  CHECK_FALSE(run("generic_value", "*EE0D72C1085C46C5278932678FBE2C6A782821B4", "password: '*EE0D72C1085C46C5278932678FBE2C6A782821B4"));
  CHECK_FALSE(run("generic_value", "*0cb5b5c7b0a9e4f1d2c3b4a5968778695a4b3c2d", "password: '*0cb5b5c7b0a9e4f1d2c3b4a5968778695a4b3c2d"));
  CHECK(run("generic_value", "*0cb5b5c7b0a9e4f1d2c3b4a59687", "password: '*0cb5b5c7b0a9e4f1d2c3b4a59687"));
}

TEST_CASE("seed 65: a placeholder escaped for HTML") {
  CHECK(is_placeholder("&lt;password&gt;"));
  CHECK_FALSE(is_placeholder("Kx4m&P9qRt2Vw"));
}

TEST_CASE("seeds 66-68: a user-secrets id, an idempotency token, Supabase's anon key") {
  CHECK_FALSE(run("generic_value", "aspnet-Catalog.API-20161122013618", "<UserSecretsId>aspnet-Catalog.API-20161122013618"));
  CHECK_FALSE(run("generic_value", "7d6c7a0e-5b2f-4a39-9c1e-2f8d3b6a4e51", "\"clientToken\":\"7d6c7a0e-5b2f-4a39-9c1e-2f8d3b6a4e51"));
  CHECK(run("generic_value", "7d6c7a0e-5b2f-4a39-9c1e-2f8d3b6a4e51", "\"clientSecret\":\"7d6c7a0e-5b2f-4a39-9c1e-2f8d3b6a4e51"));
  const std::string header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", signature = ".Kx4mP9qRt2VwLq7ZnB3cHd8fQ2wZq4mP9wRt2VnLx7K";
  // {"iss":"supabase-demo","role":"anon",...}: public; the service_role key is a secret.
  CHECK_FALSE(run("jwt", header + "eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9" + signature));
  CHECK(run("jwt", header + "eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0" + signature));
}

TEST_CASE("seeds 69-71: image tags, ciphertext and digests by name, an escaped placeholder, storefront tokens") {
  CHECK_FALSE(run("generic_value", "challenge19test-no-vault", "jeroenwillemsen/wrongsecrets:challenge19test-no-vault"));
  CHECK(run("generic_value", "Kx4mP9qRt2VwLq7Z", "app_secrets: Kx4mP9qRt2VwLq7Z"));
  CHECK_FALSE(run("generic_value", "Qm7vT2xLp9RkZ4wNc8YhQm7vT2xLp9RkZ4wNc8YhA1b=",
                  "encryptedSecret = \"Qm7vT2xLp9RkZ4wNc8YhQm7vT2xLp9RkZ4wNc8YhA1b="));
  CHECK_FALSE(run("generic_value", "Qm7vT2xLp9RkZ4wNc8YhQm7vT2xLp9RkZ4wNc8YhA1b=",
                  "hashedToken = \"Qm7vT2xLp9RkZ4wNc8YhQm7vT2xLp9RkZ4wNc8YhA1b="));
  CHECK_FALSE(run("generic_value", "9f3b2c7a1e4d6b8c0a5f7e2d4c6b8a10", "'cart_token': '9f3b2c7a1e4d6b8c0a5f7e2d4c6b8a10"));
  CHECK_FALSE(run("uri_password", "%25password", "socks5h://username:%25password@localhost"));
  CHECK(run("uri_password", "%25Kx4mP9qRt2", "socks5h://relay:%25Kx4mP9qRt2@localhost"));
  // {"cid":[1],"cors":["https://shop.example"],"eat":1,"iss":"BC","sid":1,"sub":"x","token_type":1}
  const std::string es256_sig = "." + std::string(86, 'Q');
  CHECK_FALSE(run("jwt", "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJjaWQiOlsxXSwiY29ycyI6WyJodHRwczovL3Nob3AuZXhhbXBsZSJdLCJlYXQiOjEsImlzcyI6IkJDIiwic2lkIjoxLCJzdWIiOiJ4IiwidG9rZW5fdHlwZSI6MX0" + es256_sig));
}

TEST_CASE("seeds 70-71: digests of sample words, an API route with a version") {
  // MD5 of "hello\n" (an API sample's order token), SHA-256 of "", SHA-1 of "hello world".
  CHECK_FALSE(run("generic_value", "b1946ac92492d2347c6235b4d2611184", "token: \"b1946ac92492d2347c6235b4d2611184"));
  CHECK_FALSE(run("generic_value", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                  "EMPTY_PAYLOAD_TOKEN = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  CHECK_FALSE(run("generic_value", "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed", "secret = \"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"));
  // One digit off is a key like any other.
  CHECK(run("generic_value", "b1946ac92492d2347c6235b4d2611185", "token: \"b1946ac92492d2347c6235b4d2611185"));
  CHECK_FALSE(run("generic_value", "api/v2/user/reset-password", "RESET_PASSWORD: \"api/v2/user/reset-password"));
  CHECK_FALSE(run("generic_value", "/identity/api/v1.2/auth/forget-password", "FORGOT_PASSWORD = \"/identity/api/v1.2/auth/forget-password"));
  // Slashes in a random password are no route: no two parts are words.
  CHECK(run("generic_value", "k8x/q2vz/7rtm", "password: \"k8x/q2vz/7rtm"));
}

TEST_CASE("seeds 75-77: a Swift outlet's type, a translated label marked required, a checksum read as Basic credentials") {
  CHECK_FALSE(run("generic_value", "UITextField!", "passwordTextField: UITextField!"));
  CHECK_FALSE(run("generic_value", "NSLayoutConstraint!", "passwordTopConstraint: NSLayoutConstraint!"));
  // A password that happens to end in '!' is still one where nothing declares a type.
  CHECK(run("generic_value", "Kx4mP9qRt2!", "password: Kx4mP9qRt2!"));
  CHECK_FALSE(run("generic_value", "Contrasenya*", "\"demoTextFieldPassword\": \"Contrasenya*"));
  CHECK(run("generic_value", "Kx4mP9*qRt2", "\"password\": \"Kx4mP9*qRt2"));
  // 40 hex digits that decode to bytes holding ':' but no UTF-8 text.
  CHECK_FALSE(run("basic_credentials", "0606d4bedf499275aec7a9ab59b25c9ecd63b0be", "FirebaseAuth: 0606d4bedf499275aec7a9ab59b25c9ecd63b0be"));
  CHECK(run("basic_credentials", "c3ZjLWJhY2t1cDpWOEhKcW5IVk1zSHZZN2lGeVU=", "\"user_auth\": \"c3ZjLWJhY2t1cDpWOEhKcW5IVk1zSHZZN2lGeVU="));
  // One stray byte (a mistyped base64 character) in ASCII text is still a login.
  CHECK(run("basic_credentials", "c3ZjLWRlcGxveTpLeDRtUDlxlVJ0MlZ3THE3Wg==", "Authorization: Basic c3ZjLWRlcGxveTpLeDRtUDlxlVJ0MlZ3THE3Wg=="));
}

TEST_CASE("seed 78: a private key's DER in base64 adds up to its SEQUENCE's length") {
  // SEQUENCE { INTEGER 0, OCTET STRING of 90 bytes }: 97 bytes in all.
  const std::string content = std::string("\x02\x01\x00\x04\x5a", 5) + std::string(90, '\x42');
  const std::string der = std::string("\x30\x81", 2) + static_cast<char>(content.size()) + content;
  CHECK(run("der_private_key", base64_encode(der)));
  // SEC 1 opens with version 1; version 2 is no key's.
  std::string sec1 = der;
  sec1[5] = '\x01';
  CHECK(run("der_private_key", base64_encode(sec1)));
  sec1[5] = '\x02';
  CHECK_FALSE(run("der_private_key", base64_encode(sec1)));
  // Cut short, or run on past the SEQUENCE: not one whole key.
  CHECK_FALSE(run("der_private_key", base64_encode(der.substr(0, 90))));
  CHECK_FALSE(run("der_private_key", base64_encode(der + std::string(9, '\x42'))));
  // Not a SEQUENCE first, or not base64.
  CHECK_FALSE(run("der_private_key", base64_encode("\x31" + der.substr(1))));
  CHECK_FALSE(run("der_private_key", base64_encode(der) + "!"));
}

TEST_CASE("seeds 78-80: a credential's identifier, a dict's variable, a request to change the value") {
  CHECK_FALSE(run("generic_value", "UniversityDiplomaRecord-2024", "('credential_identifier', 'UniversityDiplomaRecord-2024"));
  CHECK(run("generic_value", "Kq8vR2nTx5Lm9Wc3Zp7Y", "('credential', 'Kq8vR2nTx5Lm9Wc3Zp7Y"));
  CHECK_FALSE(run("generic_value", "content_b64", "\"ELASTICSEARCH_PASSWORD\": content_b64"));
  // In quotes, or after a YAML key without them, the same word is a (weak) password.
  CHECK(run("generic_value", "content_b64", "\"ELASTICSEARCH_PASSWORD\": \"content_b64"));
  CHECK(run("generic_value", "content_b64", "ELASTICSEARCH_PASSWORD: content_b64"));
  CHECK(is_placeholder("!ChangeThisMercureHubJWTSecretKey!"));
  CHECK(is_placeholder("changethis"));
  CHECK(is_placeholder("abcd-1234-efgh-5678"));
}

TEST_CASE("not_hex wants a letter past 'f'") {
  CHECK(run("not_hex", "ktnbdhkkdoivhqqy8voy9yi3hd0ujxcq"));
  CHECK_FALSE(run("not_hex", "9f2c4e7a1b3d5f6071829a3b4c5d6e7f"));
}

TEST_CASE("seed 83: a Webex token decodes to a UUID run on, and a template's stand-in is no device key") {
  const std::string text = "3f2a8c1e-7b4d-4e9a-b6c5-0d1e2f3a4b5c6d7e8f90-a1b";
  CHECK(run("webex_token", base64_encode(text)));
  std::string upper = text;
  upper[0] = 'F';  // hex in capitals: not the form
  CHECK_FALSE(run("webex_token", base64_encode(upper)));
  std::string moved = text;
  std::swap(moved[44], moved[45]);  // the last dash one place on
  CHECK_FALSE(run("webex_token", base64_encode(moved)));
  CHECK_FALSE(run("webex_token", base64_encode(text.substr(0, 45))));
  CHECK_FALSE(run("device_plaintext", "my_key"));
  CHECK_FALSE(run("device_plaintext", "MY-PSK"));
  CHECK(run("device_plaintext", "mykey7Wq"));
}

TEST_CASE("seed 81: a URL's password that spells the word, the next line's setting after an empty value") {
  CHECK_FALSE(run("uri_password", "Deinftppasswort", "ftp://Deinusername:Deinftppasswort"));
  CHECK_FALSE(run("uri_password", "TuaPasswordFTP", "ftp://TuoUsername:TuaPasswordFTP"));
  CHECK(run("uri_password", "Passw0rdFtp7", "ftp://deploy:Passw0rdFtp7"));  // a digit: typed as a password
  CHECK_FALSE(run("generic_value", "KAFKA_CA_CERT=", "KAFKA_PASSWORD=\nKAFKA_CA_CERT="));
  CHECK(run("generic_value", "Kq8vR2nTx5Lm9Wc3=", "KAFKA_PASSWORD=\nKq8vR2nTx5Lm9Wc3="));
  CHECK(is_placeholder("demo1111-2222-3333-4444-55556666"));
}

TEST_CASE("seed 85: an Ethereum address and Cloud KMS ciphertext are no secrets, a private key stays one") {
  CHECK_FALSE(run("generic_value", "0xa36085F69e2889c224210F603D836748e7dC0088", "link_token: '0xa36085F69e2889c224210F603D836748e7dC0088"));
  CHECK(run("generic_value", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
            "PRIVATE_KEY=0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
  const std::string kms = "CiQAx7Kd2mP9vQ4tR8wL1nZ6yH3jF5gB0cV2sA8eU4iO7pN1qRsSTQCv3Yb8Xk2Lw9Mz4Tq7Rn1Pv6Hc0Jd5Gf8Ks3Wa2Ze9Yx4Ub7Vn1Qm6Lp0Ht5Rj8Cs";
  CHECK_FALSE(run("generic_value", kms, "PASSWORD: '" + kms));
}

TEST_CASE("seeds 84-86: a mailbox or host and port in a password setting, a masked key, ids handed out in the clear") {
  CHECK_FALSE(run("not_named_value", "alerts@example.gov.uk"));
  CHECK_FALSE(run("not_named_value", "smtp.gmail.com:587"));
  CHECK(run("not_named_value", "Q3HCndrLgtnJAz"));
  CHECK(run("not_named_value", "p@ss:word9"));  // an '@' and a ':' in a password are still one
  CHECK_FALSE(run("generic_value", "SEC3f9a1c7e5bxxxxxxxxxxxx2d08c2e4a6b0d1f39", "\"dingtalk_secret\": \"SEC3f9a1c7e5bxxxxxxxxxxxx2d08c2e4a6b0d1f39"));
  CHECK(run("generic_value", "Kq8vR2nTxxxLm9Wc3Zp7Yh4", "api_token: \"Kq8vR2nTxxxLm9Wc3Zp7Yh4"));  // not hex around it
  CHECK_FALSE(run("generic_value", "AB1xYz9Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4Ef6Hj8", "fixed_xsec_token = \"AB1xYz9Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4Ef6Hj8"));
  CHECK_FALSE(run("generic_value", "Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4Ef6Hj8", "\"messageSecret\": \"Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4Ef6Hj8"));
}

TEST_CASE("not_resource_name: a resource's name is no password, letters in mixed case are one") {
  CHECK_FALSE(run("not_resource_name", "chat-app-backend"));
  CHECK_FALSE(run("not_resource_name", "prod_db_2"));
  CHECK(run("not_resource_name", "DDdiGdVEkvELm"));
  CHECK(run("not_resource_name", "Kq8v-R2nT-x5Lm"));
  CHECK(run("not_resource_name", "backend"));
  CHECK(run("not_resource_name", "2024-07-15"));  // digits first: no name
}

TEST_CASE("seeds 87-89: code, markers, selectors and form tokens under a credential's name") {
  // A number with its unit (Kotlin), a settings store's key, a base64 bcrypt hash.
  CHECK_FALSE(run("generic_value", "500.milliseconds", "passwordValidationDebounce = 500.milliseconds"));
  CHECK_FALSE(run("generic_value", "pwGenerator:uppercase", "PasswordGeneratorUppercase = \"pwGenerator:uppercase"));
  CHECK_FALSE(run("generic_value", "pwGenerator:minNumber", "PasswordGeneratorMinNumbers = \"pwGenerator:minNumber"));
  CHECK(run("generic_value", "Kq8vR2nT:Lm9Wc3Zp", "password = \"Kq8vR2nT:Lm9Wc3Zp"));  // digits, capitals first
  const std::string bcrypt_b64 = "JDJiJDEyJHRtN3l0d1B4b1JQbnNzc3JOL3JjS2VwUlh3d1JxOU9WR3NXb1UxRVh2bTdnRktHSEpjV3hL";
  CHECK_FALSE(run("generic_value", bcrypt_b64, "\"password\": \"" + bcrypt_b64));
  // A build's marker, a placeholder sentence, a field's selector, a counter's update.
  CHECK(is_placeholder("!!RT_USER_PASSWD_MIN!!"));
  CHECK_FALSE(is_placeholder("!!Kq8vR2nTx5Lm!!"));  // a password between the marks stays one
  CHECK(is_placeholder("your password"));
  CHECK_FALSE(run("generic_value", "#new_password1", "password1_sel = \"#new_password1"));
  CHECK(run("generic_value", "#Kq8v_R2nT5", "password = \"#Kq8v_R2nT5"));  // no field's word in it
  CHECK_FALSE(run("generic_value", "lost_password_request_count+1",
                  "lost_password_request_count=lost_password_request_count+1"));
  // Form tokens: e107's by name, Bugzilla's by shape; a quoted-printable mail's parameter.
  CHECK_FALSE(run("generic_value", "8f14e45fceea167a5a36dedd4bea2543", "'e-token' => '8f14e45fceea167a5a36dedd4bea2543"));
  CHECK_FALSE(run("generic_value", "1467209187-9f0c2b1e4d7a6c3b8e5f1a2d9c4b7e60", "&token=1467209187-9f0c2b1e4d7a6c3b8e5f1a2d9c4b7e60"));
  CHECK_FALSE(run("generic_value", "3D6a1F9cB2e4D7g8H0", "?key=3D6a1F9cB2e4D7g8H0"));
  CHECK(run("generic_value", "3D6a1F9cB2e4D7g8H0", "?key=Zq3D6a1F9cB2e4D7g8H0"));
}

TEST_CASE("seeds 90-92: type annotations, page and chart tokens, hand-numbered ids, field names and slots") {
  CHECK_FALSE(run("generic_value", "#microsoft.graph.passwordAuthenticationMethod",
                  "\"Password\" = \"#microsoft.graph.passwordAuthenticationMethod"));
  CHECK_FALSE(run("generic_value", "7c4e2a9f1b3d5e8f0a2c4e6b8d0f1a3c", "window.bdstoken = '7c4e2a9f1b3d5e8f0a2c4e6b8d0f1a3c"));
  CHECK_FALSE(run("generic_value", "Zq8vWm3zRx9Kq7vWm3zRx9Tq8vWm3zRx9Qp4Lm2Tb9Kx4", "sealed_token=Zq8vWm3zRx9Kq7vWm3zRx9Tq8vWm3zRx9Qp4Lm2Tb9Kx4"));
  // Microsoft's first-party application ids are numbered by hand; a random UUID is not.
  CHECK(is_placeholder("00000003-0000-0000-c000-000000000000"));
  CHECK(is_placeholder("00000002-0000-0ff1-ce00-000000000000"));
  CHECK_FALSE(is_placeholder("4f1d2c9e-7a3b-4e8f-9c1d-2b6a8e4f0c7d"));
  // "your" in Chinese, a field's name, a slot in brackets.
  CHECK(is_placeholder("\xe4\xbd\xa0\xe7\x9a\x84IPsec\xe9\xa2\x84\xe5\x85\xb1\xe4\xba\xab\xe5\xaf\x86\xe9\x92\xa5"));
  CHECK_FALSE(run("not_named_value", "submitty_course_dbpass"));
  CHECK_FALSE(run("not_named_value", "db_pass"));
  CHECK(run("not_named_value", "Rt5Yu8Io2Pa4Sd7F"));
  CHECK(run("not_named_value", "kq8v_r2nt_x5lm"));  // lower-case words, no field's word at the end
  CHECK_FALSE(run("snmp_community", "[SNMP"));
  CHECK(run("snmp_community", "Kq8vR2nTx5"));
}

TEST_CASE("seeds 93-95: a URL's rest, a GPG fingerprint, a key that says it is random, a search-only key") {
  CHECK_FALSE(run("generic_value", "hostname/dendrite_syncapi?sslmode=disable",
                  "password:hostname/dendrite_syncapi?sslmode=disable"));
  CHECK(run("generic_value", "Kq8v/R2nT?x5=Lm9", "password: Kq8v/R2nT?x5=Lm9"));  // not a host before the '/'
  CHECK_FALSE(run("generic_value", "6A9C3D5E7F1B2A4C6E8D0F1A3B5C7D9E2F4A6B8C",
                  ": ${SIGNKEY:=\"6A9C3D5E7F1B2A4C6E8D0F1A3B5C7D9E2F4A6B8C"));
  CHECK(run("generic_value", "6a9c3d5e7f1b2a4c6e8d0f1a3b5c7d9e2f4a6b8c",
            "SIGNING_SECRET=\"6a9c3d5e7f1b2a4c6e8d0f1a3b5c7d9e2f4a6b8c"));  // lower-case hex: a key
  CHECK(is_placeholder("AIRaNdOmX4ULR-k3Jd8Qw2Vn5Xr7Bt1Lz9Mp4"));
  CHECK_FALSE(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "search_only_api_key: '9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
}

TEST_CASE("seeds 96-98: encoded paths, version specs, code that reads a secret, embed tokens, a build target's default") {
  CHECK_FALSE(run("generic_value", "library%2Fmetadata%2F", "?key=library%2Fmetadata%2F"));
  CHECK(run("generic_value", "Kq8v%2FR2nTx5Lm9", "?key=Kq8v%2FR2nTx5Lm9"));  // one encoded slash in a key
  CHECK_FALSE(run("generic_value", "npm:^4.0.16", "\"@inquirer/password\": \"npm:^4.0.16"));
  CHECK_FALSE(run("generic_value", "hangfireOptions.Password!", "Pass = hangfireOptions.Password!"));
  CHECK_FALSE(run("generic_value", "Rails.application.credentials.devise&.jwt_secret_key",
                  "jwt.secret = Rails.application.credentials.devise&.jwt_secret_key"));
  CHECK_FALSE(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6", "\"embed_token\":\"9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6"));
  CHECK_FALSE(run("generic_value", "Zq8vWm3zRx9Kq7vWm3zRx9Tq8vWm3zRx9", "  psp2PackagePassword: Zq8vWm3zRx9Kq7vWm3zRx9Tq8vWm3zRx9"));
  CHECK(is_placeholder("?JWT_SIGNING_KEY"));
  CHECK(is_placeholder("replace-with-256-bit-secret-min-32-chars"));
}

TEST_CASE("seeds 99-101: references to secrets kept elsewhere, escaped values, salts, model names, cut keys") {
  // wpa_supplicant's ext: reference and a Postfix lookup table
  CHECK_FALSE(run("generic_value", "ext:eduroam", "password=ext:eduroam"));
  CHECK(run("generic_value", "ext:Kq8v#R2nTx5Lm9", "password=ext:Kq8v#R2nTx5Lm9"));  // more than a name after ext:
  CHECK_FALSE(run("generic_value", "texthash:/etc/postfix/sasl_passwd", "smtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd"));
  CHECK(run("generic_value", "static:relay:Kq8vR2nTx5Lm9Wc3", "smtp_sasl_password_maps = static:relay:Kq8vR2nTx5Lm9Wc3"));
  // a JSON string's escapes around a value
  CHECK_FALSE(run("generic_value", "PASSWORD\\n", "host=HOST, password=PASSWORD\\n"));
  CHECK(run("generic_value", "Kq8vR2nTx5Lm9Wc3\\n", "host=db password=Kq8vR2nTx5Lm9Wc3\\n"));
  CHECK_FALSE(run("generic_value", "\\u003Cpassword>", "elastic_password = '\\u003Cpassword>"));
  CHECK_FALSE(run("generic_value", "\\\\u003Cpassword", "elastic_password = '\\\\u003Cpassword"));
  // Chromium's Cast salt, a tokenizer's model name, a cut Google key
  CHECK_FALSE(run("generic_value", "Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4E", "\"receiver_id_hash_token\":\"Kq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4E"));
  CHECK_FALSE(run("generic_value", "meta-llama/Meta-Llama-3-8B-Instruct", "tokenizer_id=\"meta-llama/Meta-Llama-3-8B-Instruct"));
  CHECK_FALSE(run("generic_value", "AIzaSyKq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4", "?key=AIzaSyKq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4"));
  // the Cloud SDK's own client secret, the same in every installation
  CHECK(is_placeholder("ZmssLNjJy2998hD4CTg2ejr2"));
}

TEST_CASE("seed 104: MediaWiki's edit token in an API call's URL") {
  CHECK_FALSE(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6%2B%5C", "&token=9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6%2B%5C"));
  CHECK_FALSE(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6+", "&token=9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6+"));  // decoded
  CHECK(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6", "&token=9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6"));
}

TEST_CASE("seeds 105-107: printf templates, SCRAM verifiers in base64, DocSearch keys") {
  CHECK_FALSE(run("generic_value", "k3Jd8Qw2Vn5Xr7Bt1Lz9Mp4Hc6Yf0G%1$d", "&token=k3Jd8Qw2Vn5Xr7Bt1Lz9Mp4Hc6Yf0G%1$d"));
  CHECK(run("generic_value", "k3Jd8Qw2Vn5Xr7Bt1Lz9%d4Mp4", "&token=k3Jd8Qw2Vn5Xr7Bt1Lz9%d4Mp4"));  // %d4: an encoded byte
  CHECK_FALSE(run("generic_value", "k3Jd8Qw2Vn5Xr7Bt1Lz9Mp4Hc6Yf0G%1", "&token=k3Jd8Qw2Vn5Xr7Bt1Lz9Mp4Hc6Yf0G%1"));
  // base64 of "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVka2V5:c2VydmVya2V5"
  CHECK_FALSE(run("generic_value", "U0NSQU0tU0hBLTI1NiQ0MDk2OmMyRnNkSE5oYkhRPSRjM1J2Y21Wa2EyVjU6YzJWeWRtVnlhMlY1",
                  "password: U0NSQU0tU0hBLTI1NiQ0MDk2OmMyRnNkSE5oYkhRPSRjM1J2Y21Wa2EyVjU6YzJWeWRtVnlhMlY1"));
  CHECK_FALSE(run("generic_value", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "docs_search_api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
}

TEST_CASE("seeds 105-107, left: a custom resource's Secret name, a field read, a prompt, a referral token, a README's word") {
  // Percona's backup storage names the Kubernetes Secret that holds its credentials
  CHECK_FALSE(run("generic_value", "my-cluster-name-backup-s3", "credentialsSecret: my-cluster-name-backup-s3"));
  CHECK(run("generic_value", "kq8v-r2nt-x5lm9", "clientSecret: kq8v-r2nt-x5lm9"));  // a client's secret may be kebab-case
  // a Go field read, unquoted
  CHECK_FALSE(run("generic_value", "es2Resp.SecretAccessKey", "ac.password = es2Resp.SecretAccessKey"));
  CHECK_FALSE(run("generic_value", "cfg.DB.Password", "password = cfg.DB.Password"));
  CHECK(run("generic_value", "Kq8v.Rx5LmWc3Zp7Key", "password = \"Kq8v.Rx5LmWc3Zp7Key"));  // quoted: a value
  // a prompt's text, percent-encoded in a URL
  CHECK_FALSE(run("generic_value", "Enter%20your%20passphrase", "passphrase=Enter%20your%20passphrase"));
  CHECK(run("generic_value", "Kq8v%20R2nTx5Lm9", "passphrase=Kq8v%20R2nTx5Lm9"));
  // Amazon Pay's partner referral token in a seller sign-up URL
  CHECK_FALSE(run("generic_value", "AAAAAQAAAAEAAAAQnngerc8vYweGDt8byl2mdAAAAHBgAJiMfBCuqEmqSoRw",
                  "'solutionProviderToken' => 'AAAAAQAAAAEAAAAQnngerc8vYweGDt8byl2mdAAAAHBgAJiMfBCuqEmqSoRw"));
  // the setting's own word where a README's example puts a value
  CHECK_FALSE(run("not_named_value", "password", "define( 'DB_PASSWORD', 'password"));
  CHECK(run("not_named_value", "passw0rd!", "define( 'DB_PASSWORD', 'passw0rd!"));
}

TEST_CASE("seed 108: Paddle's client-side token, a validation rule and a translated label where a password goes") {
  CHECK_FALSE(run("generic_value", "test_7d279f61a3499fed520f7cd8c08", "token: 'test_7d279f61a3499fed520f7cd8c08"));
  CHECK(run("generic_value", "test_7d279f61a3499fed520f7cd8c0", "token: 'test_7d279f61a3499fed520f7cd8c0"));  // 26 hex: not Paddle's
  CHECK_FALSE(run("not_named_value", "required", "'database_password' => 'required"));
  CHECK_FALSE(run("not_named_value", "Datenbank Passwort", "'database_password' => 'Datenbank Passwort"));
  CHECK_FALSE(run("not_named_value", "Пароль базы данных", "'database_password' => 'Пароль базы данных"));
  CHECK_FALSE(run("not_named_value", "Hasło", "'database_password' => 'Hasło"));
  CHECK_FALSE(run("not_named_value", "Database wachtword", "'database_password' => 'Database wachtword"));
  CHECK(run("not_named_value", "correct horse battery staple", "'database_password' => 'correct horse battery staple"));
}

TEST_CASE("seed 110: a URN where a password goes") {
  CHECK_FALSE(run("generic_value", "urn:oid:2.5.4.35", "'userPassword' => 'urn:oid:2.5.4.35"));
  CHECK_FALSE(run("generic_value", "urn:ietf:params:oauth:grant-type:jwt-bearer", "token_type=urn:ietf:params:oauth:grant-type:jwt-bearer"));
  CHECK(run("generic_value", "urnKq8v:R2nTx5Lm9Wc3", "password=urnKq8v:R2nTx5Lm9Wc3"));
}

TEST_CASE("seeds 111-113: a working directory under pwd, an ASN.1 default, an error message compared") {
  CHECK_FALSE(run("generic_value", "Circle-1/backend", "pwd: Circle-1/backend"));
  CHECK(run("generic_value", "Kq8vR2nT+x5/Lm9W", "pwd: Kq8vR2nT+x5/Lm9W"));
  CHECK_FALSE(run("generic_value", "asn1_NOVALUE", "oldPasswd = asn1_NOVALUE"));
  CHECK_FALSE(run("not_message", "should be at least 7 character(s)", "[:password] == \"should be at least 7 character(s)"));
  CHECK(run("not_message", "correct horse battery staple", "password == \"correct horse battery staple"));
  CHECK(run("not_message", "Kq8vR2nTx5Lm9", "password == \"Kq8vR2nTx5Lm9"));
}

TEST_CASE("identifier_name: a PascalCase name of words and acronyms, 20 letters or more, no digit") {
  CHECK(identifier_name("CardflightProductionAPIClientKey"));
  CHECK(identifier_name("StripeStagingPublishableKey"));
  CHECK_FALSE(identifier_name("ArtsyClientKey"));                     // too short to tell from a key
  CHECK_FALSE(identifier_name("L6Uys3BKjSgfTX5TYV5Iy8j61fVfkuYl"));  // digits
  CHECK_FALSE(identifier_name("vtavUWCxNbbaVqkkeUYhQp"));            // "Vqkke", "UY", "Qp": no names' words
  CHECK_FALSE(identifier_name("ABCDEFGHClientProductionKey"));        // eight capitals are no acronym
  CHECK_FALSE(identifier_name("APIKeyURLToken"));                     // mostly acronyms, and short
}

TEST_CASE("seeds 114-116: a pod's checksum, a debconf question, a Struts form token") {
  const std::string sha1 = "f97cc80ae58053c331b2b6dc8843ba7103b33794";
  CHECK_FALSE(run("generic_value", sha1, "1PasswordExtension: " + sha1));
  CHECK(run("generic_value", sha1, "AppPassword: " + sha1));   // the last word names the credential
  CHECK(run("generic_value", sha1, "DB_PASSWORD: " + sha1));
  CHECK_FALSE(run("generic_value", "percona-server-server-5.7/re-root-pass",
                  "debconf_root_password_again = 'percona-server-server-5.7/re-root-pass"));
  CHECK_FALSE(run("generic_value", "mysql-server/root_password", "password: mysql-server/root_password"));
  CHECK(run("generic_value", "kq8v2ntx/lm9wc3zp", "password: kq8v2ntx/lm9wc3zp"));  // no question's words
  const std::string token = "3f1c9a7e2b5d8f0a4c6e1b3d5f7a9c2e";
  CHECK_FALSE(run("generic_value", token, "org.apache.struts.taglib.html.TOKEN\" value=\"" + token));
  CHECK(run("generic_value", token, "deploy.TOKEN\" value=\"" + token));
}

TEST_CASE("seeds 117-119: grouped sequences, a label run together, a controller's route") {
  CHECK(is_placeholder("abcd efgh ijkl mnop"));      // an app password's groups, typed in order
  CHECK_FALSE(is_placeholder("qmtr vhdk zjnw pyxe"));
  CHECK_FALSE(run("not_named_value", "senhadoemail", "$config['smtp_pass'] = 'senhadoemail"));
  CHECK_FALSE(run("not_named_value", "sua_senha", "$config['smtp_pass'] = 'sua_senha"));
  CHECK(run("not_named_value", "MQZOQ9JMZIcOa9", "$config['smtp_pass'] = 'MQZOQ9JMZIcOa9"));
  CHECK_FALSE(run("generic_value", "api/v1/UsuariosController/reGenToken",
                  "reGenToken'] = 'api/v1/UsuariosController/reGenToken"));
  CHECK(run("generic_value", "Kq8v/R2nTx5Lm9/Wc3ZpV7Yh4", "token = 'Kq8v/R2nTx5Lm9/Wc3ZpV7Yh4"));
}

TEST_CASE("seed 121: Secret Manager names, a path to a secret of the same name, Codecov's ciphertext, refused input") {
  CHECK_FALSE(run("generic_value", "projects/my-project/secrets/tower-wf123-ALT_PASS/versions/latest",
                  "ALT_PASS\":\"projects/my-project/secrets/tower-wf123-ALT_PASS/versions/latest"));
  CHECK_FALSE(run("generic_value", "tower-wf123/DB_PWD", "DB_PWD: 'tower-wf123/DB_PWD"));
  CHECK(run("generic_value", "tower-wf123/Kq8vR2nTx", "DB_PWD: 'tower-wf123/Kq8vR2nTx"));
  const std::string cipher = "5UELKq8vR2nTx5Lm9Wc3Zp7Yh4Gs0Ja2Cd4Ef6Hj8Rt5Lq7Vx2RmT9bN4kWz8PcD3hYs6FgJ1aE5+aBv/M2K6wxG=";
  CHECK_FALSE(run("generic_value", cipher, "secret:" + cipher));
  CHECK(run("generic_value", cipher, "secret: " + cipher));  // a key and its value
  CHECK_FALSE(run("generic_value", "not-valid-base64!!!", "NXF_GOOGLE_SECRET_VARS: 'not-valid-base64!!!"));
}

TEST_CASE("seed 122: an idempotence token in an error message") {
  // the key joined with the request's other fields, as the service's 409 message writes it
  CHECK_FALSE(run("generic_value", "3f1c9a7e-2b5d-4f0a-8c6e-1b3d5f7a9c2e##202301681291856841##null",
                  "idempotenceToken=3f1c9a7e-2b5d-4f0a-8c6e-1b3d5f7a9c2e##202301681291856841##null"));
  CHECK(run("generic_value", "3f1c9a7e-2b5d-4f0a-8c6e-1b3d5f7a9c2e##202301681291856841##null",
            "accessToken=3f1c9a7e-2b5d-4f0a-8c6e-1b3d5f7a9c2e##202301681291856841##null"));
}
