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
  // Lambda reserved concurrency (PutFunctionConcurrency); none: the unreserved pool.
  std::optional<int> reserved_concurrency;
  // Instances initialised at `nimbus up`, before it is ready; 0: on demand only.
  int provisioned_concurrency = 0;
};

// A global secondary index: its key attributes must be declared in the table's attributes.
struct IndexSpec {
  std::string name;
  std::string hash_key;
  std::optional<std::string> range_key;
  std::string projection = "ALL";  // ALL | KEYS_ONLY
};

struct TableSpec {
  std::string name;
  std::string billing_mode = "PAY_PER_REQUEST";
  std::map<std::string, std::string> attributes;  // attribute name → S | N | B
  std::string hash_key;
  std::optional<std::string> range_key;
  std::vector<IndexSpec> global_secondary_indexes;
  std::optional<std::string> ttl_attribute;  // TTL enabled on this attribute when set
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
  std::string protocol = "REST";  // REST | HTTP (API Gateway's two flavours)
  std::string stage = "dev";      // an HTTP API without one gets "$default"
  std::map<std::string, std::string> stage_variables;
  // Access logging: a format of $context variables; empty: off. Destination: file (the data
  // folder's logs/api-gateway/<api>-<stage>.log), stdout, or both.
  std::string access_log_format;
  std::string access_log_destination = "file";
  std::map<std::string, ThrottleSpec> method_settings;  // "*/*", "people/{personId}/GET"
  std::optional<ThrottleSpec> account_throttle;         // default: API Gateway's account limit
};

// An SNS topic and its subscriptions. `endpoint` is a function name (protocol lambda) or a URL.
struct SubscriptionSpec {
  std::string protocol;  // lambda | http | https
  std::string endpoint;
  std::optional<std::string> filter_policy;  // JSON text
  bool raw_message_delivery = false;
};

struct TopicSpec {
  std::string name;
  std::vector<SubscriptionSpec> subscriptions;
};

// An EventBridge rule. Targets are function names, or ARNs (an SNS topic's) taken as given.
struct RuleSpec {
  std::string name;
  std::string bus = "default";
  std::string event_pattern;  // JSON text
  std::vector<std::string> targets;
};

// A transactional outbox: items written to `table` (outboxId, topic, message, ...) are
// published to their topic (`topic` when an item names none) and deleted by nimbus.
struct OutboxSpec {
  std::string table;
  std::string topic;
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
  std::vector<TopicSpec> topics;
  std::vector<RuleSpec> rules;
  std::vector<OutboxSpec> outboxes;  // `outbox:` is one mapping or a list of them
  std::vector<ApiKeySpec> api_keys;
  std::vector<UsagePlanSpec> usage_plans;
};

// Reads <dir>/stack.yaml.
std::expected<Stack, std::string> LoadStack(const std::filesystem::path& dir);

}  // namespace nimbus::stack
