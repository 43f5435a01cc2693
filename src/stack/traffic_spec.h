// The traffic sections of stack.yaml, in the shapes Terraform gives API Gateway:
//   api_keys:     name -> {value, enabled}                       (aws_api_gateway_api_key)
//   usage_plans:  name -> {api_stages: [{api, stage, throttle: [{path, rate_limit,
//                 burst_limit}]}], throttle_settings: {rate_limit, burst_limit},
//                 quota_settings: {limit, period, offset}, keys: [api key names]}
//                                    (aws_api_gateway_usage_plan + aws_api_gateway_usage_plan_key)
//   api.method_settings: "*/*" or "people/{personId}/GET" -> {throttling_rate_limit,
//                 throttling_burst_limit}                       (aws_api_gateway_method_settings)
//   api.account_throttle: {rate_limit, burst_limit}  (the account's Region-wide limit; on AWS a
//                 service quota, 10,000 rps and a burst of 5,000 unless raised)
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::stack {

// API Gateway's bounds on an API key's value.
inline constexpr std::size_t kMinApiKeyValueLength = 20;
inline constexpr std::size_t kMaxApiKeyValueLength = 128;

struct ThrottleSpec {
  double rate_limit = 0;  // requests per second
  int burst_limit = 0;    // requests
};

struct QuotaSpec {
  std::int64_t limit = 0;
  std::string period;  // DAY | WEEK | MONTH
  std::int64_t offset = 0;
};

struct ApiKeySpec {
  std::string name;
  std::string value;
  bool enabled = true;
};

struct ApiStageSpec {
  std::string api;
  std::string stage;
  std::map<std::string, ThrottleSpec> throttle;  // by method path: "/people/{personId}/GET"
};

struct UsagePlanSpec {
  std::string name;
  std::vector<ApiStageSpec> api_stages;
  std::optional<ThrottleSpec> throttle;
  std::optional<QuotaSpec> quota;
  std::vector<std::string> keys;  // names of api_keys
};

struct TrafficSpecError {
  std::string path;  // inside stack.yaml: "usage_plans.basic.quota_settings.period"
  std::string message;
};

std::expected<std::vector<ApiKeySpec>, TrafficSpecError> ReadApiKeys(const YAML::Node& node);
// REQUIRES: `keys` are the stack's api_keys (plans may only name those).
std::expected<std::vector<UsagePlanSpec>, TrafficSpecError> ReadUsagePlans(
    const YAML::Node& node, const std::vector<ApiKeySpec>& keys);
// `api.method_settings`: keyed as Terraform's method_path ("*/*", "people/{personId}/GET").
std::expected<std::map<std::string, ThrottleSpec>, TrafficSpecError> ReadMethodSettings(
    const YAML::Node& node, const std::string& path);
// {rate_limit, burst_limit}
std::expected<ThrottleSpec, TrafficSpecError> ReadThrottle(const YAML::Node& node,
                                                           const std::string& path);

}  // namespace nimbus::stack
