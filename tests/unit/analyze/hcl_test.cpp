// SPDX-License-Identifier: Apache-2.0
// The HCL subset the Terraform analyzer relies on.
#include <doctest/doctest.h>

#include "analyze/common.hpp"
#include "analyze/hcl.hpp"

using namespace nhi::detail;

TEST_CASE("analyze: HCL blocks, labels, attributes and lines") {
  const hcl_body body = parse_hcl(R"(# comment
resource "aws_iam_user" "ci" {
  name = "ci-deployer" // trailing comment
  /* a block
     comment */
  tags = { Owner = "platform", "cost-center" = 114 }
  inline { a = true }
}
locals {}
)");
  REQUIRE(body.blocks.size() == 2);
  const hcl_block& user = body.blocks[0];
  CHECK(user.type == "resource");
  CHECK(user.labels == std::vector<std::string>{"aws_iam_user", "ci"});
  CHECK(user.line == 2);
  const hcl_attribute* name = user.body.attribute("name");
  REQUIRE(name);
  CHECK(name->value.is_literal_string());
  CHECK(name->value.text == "ci-deployer");
  CHECK(name->line == 3);
  CHECK(user.body.attribute("tags")->line == 6);
  const json tags = hcl_to_json(user.body.attribute("tags")->value);
  CHECK(tags["Owner"] == "platform");
  CHECK(tags["cost-center"] == 114);
  REQUIRE(user.body.blocks.size() == 1);
  CHECK(hcl_body_to_json(user.body)["inline"][0]["a"] == true);
}

TEST_CASE("analyze: HCL strings, templates and heredocs") {
  const hcl_body body = parse_hcl(
      "a = \"tab\\there \\\"q\\\" \\u00e9\"\n"
      "b = \"prefix-${var.env == \"prod\" ? \"p\" : \"x\"}-${upper(\"}\")}\"\n"
      "c = \"$${literal}\"\n"
      "d = <<EOT\n  line one\n  ${var.x}\nEOT\n"
      "e = <<-EOT\n    indented\n      more\n    EOT\n"
      "f = 1.5e3\n");
  CHECK(body.attribute("a")->value.text == "tab\there \"q\" \xC3\xA9");
  CHECK_FALSE(body.attribute("a")->value.templated);
  CHECK(body.attribute("b")->value.templated);
  CHECK(body.attribute("b")->value.text == "prefix-${var.env == \"prod\" ? \"p\" : \"x\"}-${upper(\"}\")}");
  CHECK(body.attribute("c")->value.text == "${literal}");
  CHECK(body.attribute("d")->value.text == "  line one\n  ${var.x}\n");
  CHECK(body.attribute("d")->value.templated);
  CHECK(body.attribute("e")->value.text == "indented\n  more\n");
  CHECK(body.attribute("e")->line == 8);
  CHECK(body.attribute("f")->line == 12);
  CHECK(hcl_to_json(body.attribute("f")->value) == 1500.0);
}

TEST_CASE("analyze: HCL expressions it does not evaluate are kept, not rejected") {
  const hcl_body body = parse_hcl(R"(
count  = var.enabled ? 1 : 0
names  = [for u in var.users : upper(u) if u != ""]
byname = { for k, v in var.m : k => v... }
ref    = aws_iam_user.ci[0].name
splat  = aws_iam_user.all[*].arn
doc    = jsonencode({ Statement = [{ Action = "*" }] })
neg    = -1
merged = merge(local.a, { b = 2 },
               local.c)
)");
  CHECK(body.attribute("count")->value.kind == hcl_value::type::expression);
  CHECK(body.attribute("count")->value.text == "var.enabled ? 1 : 0");
  CHECK(body.attribute("names")->value.kind == hcl_value::type::expression);
  CHECK(body.attribute("byname")->value.kind == hcl_value::type::expression);
  CHECK(body.attribute("ref")->value.kind == hcl_value::type::reference);
  CHECK(hcl_to_json(body.attribute("ref")->value) == "${aws_iam_user.ci[0].name}");
  CHECK(body.attribute("splat")->value.text == "aws_iam_user.all[*].arn");
  CHECK(hcl_to_json(body.attribute("doc")->value)["Statement"][0]["Action"] == "*");
  CHECK(body.attribute("neg")->value.kind == hcl_value::type::expression);
  CHECK(body.attribute("merged")->value.kind == hcl_value::type::call);
  CHECK(body.attribute("merged")->value.items.size() == 3);
}

TEST_CASE("analyze: HCL syntax errors name their line") {
  auto line_of_error = [](const char* text) -> std::uint64_t {
    try {
      parse_hcl(text);
    } catch (const parse_failure& e) {
      return e.line;
    }
    return 0;
  };
  CHECK(line_of_error("a = \"unterminated\n") == 1);
  CHECK(line_of_error("resource \"x\" \"y\" {\n  a = 1\n") == 1);  // the block never closes
  CHECK(line_of_error("a = 1\nb = <<EOF\nno end\n") == 2);
  CHECK(line_of_error("a = 1\n}\n") == 2);
  CHECK(line_of_error("a = 1\n\n/* open comment\n") == 3);
  CHECK(line_of_error("a = [1, 2\nb = 3\n") == 2);
  CHECK(line_of_error("a = 1 2\n") == 1);
  CHECK(line_of_error("x {\n  y = \xff\n}\n") == 2);
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "a {\n";
  CHECK(line_of_error(deep.c_str()) > 0);
  std::string nested = "a = ";
  for (int i = 0; i < 100000; ++i) nested += "[";
  CHECK(line_of_error(nested.c_str()) == 1);
}
