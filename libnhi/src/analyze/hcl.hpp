// SPDX-License-Identifier: Apache-2.0
// A small HCL (HashiCorp Configuration Language, native syntax) parser: just
// enough of Terraform's grammar to read blocks, attributes and literal values
// with their lines.
//
// Supported: blocks with labels (`resource "t" "n" { ... }`, one-line blocks),
// attributes, strings with escapes and ${...}/%{...} templates, heredocs
// (<<EOF, <<-EOF), numbers, bools, null, tuples, objects, function calls,
// references (aws_iam_user.ci.name), and #, // and /* */ comments. Anything
// it does not evaluate (operators, conditionals, for-expressions, splats) is
// kept as an `expression` with its source text, never rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/json_util.hpp"

namespace nhi::detail {

struct hcl_value {
  enum class type { null, boolean, number, string, tuple, object, call, reference, expression };
  type kind = type::null;
  // string: the decoded text (templates keep their ${...} source); number,
  // boolean: the literal; call: the function name; reference/expression: source text.
  std::string text;
  bool templated = false;           // a string with ${...} or %{...} interpolation
  std::vector<hcl_value> items;     // tuple elements, call arguments, object values
  std::vector<std::string> keys;    // object keys, parallel to items
  std::uint64_t line = 0;

  // The member `key` of an object, or nullptr.
  const hcl_value* member(std::string_view key) const;
  // A string without interpolation: a value known before `terraform apply`.
  bool is_literal_string() const { return kind == type::string && !templated; }
};

struct hcl_attribute {
  std::string name;
  hcl_value value;
  std::uint64_t line = 0;
};

struct hcl_block;

struct hcl_body {
  std::vector<hcl_attribute> attributes;
  std::vector<hcl_block> blocks;

  const hcl_attribute* attribute(std::string_view name) const;
};

struct hcl_block {
  std::string type;                 // "resource", "provider", "statement", ...
  std::vector<std::string> labels;  // resource "aws_iam_user" "ci" -> {aws_iam_user, ci}
  hcl_body body;
  std::uint64_t line = 0;
};

// Parses a whole file; a syntax error is a parse_failure at its line.
hcl_body parse_hcl(std::string_view content);

// The value as JSON, the way Terraform would render it: objects, tuples,
// strings, numbers; jsonencode(x) becomes x; references and unevaluated
// expressions become their "${source}" text.
json hcl_to_json(const hcl_value& value);
// A body as JSON: attributes by name, nested blocks as arrays of objects under
// their type (the shape `terraform show -json` and .tfstate use).
json hcl_body_to_json(const hcl_body& body);

}  // namespace nhi::detail
