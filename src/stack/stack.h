// The stack description: stack.yaml, the one file that says which functions, tables, roles and
// API make up an application. `nimbus up` reads it; the Terraform modules read the same file
// (yamldecode), so local and cloud cannot drift. Unknown keys are errors, reported with the
// file and the path inside it, as are missing or mistyped values.
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stack/traffic_spec.h"

namespace nimbus::stack {

struct FunctionSpec {
  std::string name;
  std::string handler = "bootstrap";
  std::string runtime = "provided.al2023";
  std::string code;       // folder holding `bootstrap`, relative to the build artifacts
  int memory_size = 128;  // MB, 128..10240 as Lambda allows
  int timeout = 3;        // seconds, 1..900 as Lambda allows
  std::string role;
  std::map<std::string, std::string> environment;
};

struct TableSpec {
  std::string name;
  std::string billing_mode = "PAY_PER_REQUEST";
  std::map<std::string, std::string> attributes;  // attribute name → S | N | B
  std::string hash_key;
  std::optional<std::string> range_key;
};

struct RoleSpec {
  std::string name;
  std::string policy_json;  // the IAM policy document, as JSON text
};

struct KeySpec {
  std::string access_key_id;
  std::string secret_access_key;
};

struct ApiSpec {
  std::string name;
  std::filesystem::path openapi;  // absolute after loading
  std::string stage = "dev";
  std::map<std::string, ThrottleSpec> method_settings;  // "*/*", "people/{personId}/GET"
  std::optional<ThrottleSpec> account_throttle;         // default: API Gateway's account limit
};

struct Stack {
  std::string name;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::optional<ApiSpec> api;
  std::vector<FunctionSpec> functions;
  std::vector<TableSpec> tables;
  std::vector<RoleSpec> roles;
  std::vector<KeySpec> credentials;  // defaults to test/test when the file lists none
  std::vector<ApiKeySpec> api_keys;
  std::vector<UsagePlanSpec> usage_plans;
};

// Reads <dir>/stack.yaml.
std::expected<Stack, std::string> LoadStack(const std::filesystem::path& dir);

}  // namespace nimbus::stack
