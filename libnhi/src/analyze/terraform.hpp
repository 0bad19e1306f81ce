// SPDX-License-Identifier: Apache-2.0
// One model for Terraform configuration (.tf) and state (.tfstate): both are
// read into resources whose attributes are JSON, so one analysis serves both.
// In configuration, references stay as "${aws_iam_user.ci.name}" strings and
// are resolved against the other resources of the same file; in state they
// are already resolved values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyze/common.hpp"
#include "analyze/json_util.hpp"

namespace nhi::detail {

struct tf_resource {
  std::string mode;     // "managed" or "data"
  std::string type;     // "aws_iam_user"
  std::string name;     // "ci"
  std::string address;  // "aws_iam_user.ci", "module.m.aws_iam_user.ci[0]"
  json attributes = json::object();
  std::uint64_t line = 0;
  std::map<std::string, std::uint64_t> attribute_lines;  // configuration only
};

struct tf_model {
  std::vector<tf_resource> resources;
  bool from_state = false;
  std::string workspace;  // from terraform.tfstate.d/<workspace>/, when known
};

// Identity facts, permissions, trust and findings of the IAM resources in
// `model` (AWS, Google Cloud, Azure AD).
void analyze_terraform_resources(const tf_model& model, const source_file& file, analysis_result& out);

}  // namespace nhi::detail
