// SPDX-License-Identifier: Apache-2.0
// The heuristics every analyzer leans on.
#include <doctest/doctest.h>

#include "analyze/common.hpp"

using namespace nhi::detail;

TEST_CASE("analyze: credential_kind_for_name recognises credential settings") {
  CHECK(credential_kind_for_name("DB_PASSWORD") == "password");
  CHECK(credential_kind_for_name("dbPassword") == "password");
  CHECK(credential_kind_for_name("AWS_SECRET_ACCESS_KEY") == "secret_key");
  CHECK(credential_kind_for_name("aws-access-key-id") == "access_key");
  CHECK(credential_kind_for_name("AWS_ACCESS_KEY_ID") == "access_key");
  CHECK(credential_kind_for_name("GITHUB_TOKEN") == "token");
  CHECK(credential_kind_for_name("_authToken") == "token");
  CHECK(credential_kind_for_name("STRIPE_API_KEY") == "api_key");
  CHECK(credential_kind_for_name("apiKey") == "api_key");
  CHECK(credential_kind_for_name("JWT_SECRET") == "secret");
  CHECK(credential_kind_for_name("SECRET_KEY_BASE") == "secret");
  CHECK(credential_kind_for_name("PAYPAL_CLIENT_SECRET") == "client_secret");
  CHECK(credential_kind_for_name("PRIVATE_KEY") == "private_key");
  CHECK(credential_kind_for_name("AZURE_CREDENTIALS") == "credentials");
  CHECK(credential_kind_for_name("SENTRY_DSN") == "connection_string");
  CHECK(credential_kind_for_name("STORAGE_ACCOUNT_KEY") == "api_key");
}

TEST_CASE("analyze: credential_kind_for_name leaves pointers and metadata alone") {
  for (const char* name : {"DB_PASSWORD_FILE", "TOKEN_TTL", "SECRET_NAME", "API_KEY_ID", "PASSWORD_RESET_URL",
                           "existingSecret", "adminPasswordKey", "LOG_LEVEL", "CACHE_KEY", "PUBLIC_KEY",
                           "QUEUE_NAME", "DATABASE_URL", "TOKEN_EXPIRY", "KEYCHAIN", ""})
    CHECK_MESSAGE(credential_kind_for_name(name).empty(), name);
}

TEST_CASE("analyze: provider_for_name") {
  CHECK(provider_for_name("AWS_SECRET_ACCESS_KEY") == "aws");
  CHECK(provider_for_name("GOOGLE_CREDENTIALS") == "gcp");
  CHECK(provider_for_name("ARM_CLIENT_SECRET") == "azure");
  CHECK(provider_for_name("GH_TOKEN") == "github");
  CHECK(provider_for_name("STRIPE_SECRET_KEY") == "stripe");
  CHECK(provider_for_name("MY_APP_TOKEN") == "generic");
}

TEST_CASE("analyze: literal values versus references and placeholders") {
  for (const char* v : {"", "  ", "${DB_PASSWORD}", "$DB_PASSWORD", "${{ secrets.TOKEN }}", "{{ .Values.pw }}",
                        "<your-api-key>", "changeme", "xxxxxxxx", "********", "%(PASSWORD)s", "/run/secrets/db",
                        "./key.json", "sa-key.json", "vault:secret/data/db#password",
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", "op://vault/item/field",
                        "your_token_here", "AKIAIOSFODNN7EXAMPLE", "null", "'${X}'"})
    CHECK_MESSAGE(is_reference_or_placeholder(v), v);
  for (const char* v : {"Qx7!pR2#vL9@tZ4m", "hunter2", "sk_live_51Hx8mQ2vL9tZ4pR7wK3nB6c", "'Xp4!vN7#qR2t'"})
    CHECK_FALSE_MESSAGE(is_reference_or_placeholder(v), v);
  CHECK(value_source("") == "empty");
  CHECK(value_source("${X}") == "reference");
  CHECK(value_source("hunter2") == "literal");
}

TEST_CASE("analyze: name_words splits snake, kebab and camel case") {
  CHECK(name_words("awsSecretAccessKey") == std::vector<std::string>{"aws", "secret", "access", "key"});
  CHECK(name_words("AWS_SECRET-ACCESS.KEY") == std::vector<std::string>{"aws", "secret", "access", "key"});
  CHECK(name_words("s3Bucket2Name") == std::vector<std::string>{"s3", "bucket2", "name"});
}

TEST_CASE("analyze: small decoders") {
  std::string out;
  CHECK(percent_decode("%7B%22a%22%3A1%7D", out));
  CHECK(out == "{\"a\":1}");
  CHECK_FALSE(percent_decode("%7", out));
  CHECK_FALSE(percent_decode("%zz", out));
  CHECK(looks_like_aws_key_id("AKIAZ4X7QJ2K5LMNWPQR"));
  CHECK(looks_like_aws_key_id("ASIAZ4X7QJ2K5LMNWPQS"));
  CHECK_FALSE(looks_like_aws_key_id("AKIAZ4X7QJ2K5LMNWPQ"));
  CHECK_FALSE(looks_like_aws_key_id("AIDAZ4X7QJ2K5LMNWPQR"));
  CHECK(line_of_text("a\nb\nc", "c") == 3);
  CHECK(line_of_text("a\nb\nc", "zz") == 0);
}
