// The traffic settings of one API stage: API keys, usage plans (throttle and quota per key and
// per method) and the stage and account throttles, in API Gateway's terms. Plain data, built
// by the composition root from stack.yaml and passed in GatewayOptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::gateway {

class QuotaLedger;  // quota_ledger.h

// A token bucket's settings: `rate_limit` requests per second refill a bucket of
// `burst_limit` requests.
struct ThrottleLimits {
  double rate_limit = 0;
  double burst_limit = 0;
};

// API Gateway's default account-level throttle per Region: 10,000 requests per second with a
// burst of 5,000.
inline constexpr ThrottleLimits kDefaultAccountThrottle{.rate_limit = 10000, .burst_limit = 5000};

enum class QuotaPeriod { kDay, kWeek, kMonth };

struct QuotaLimits {
  std::int64_t limit = 0;  // requests per period
  QuotaPeriod period = QuotaPeriod::kDay;
  std::int64_t offset = 0;  // requests taken off the limit in the initial period
};

struct ApiKey {
  std::string id;  // the key's name in stack.yaml ($context.identity.apiKeyId)
  std::string value;
  bool enabled = true;
};

// A usage plan associated with this stage.
struct UsagePlan {
  std::string id;
  std::vector<std::string> key_ids;
  std::optional<ThrottleLimits> throttle;  // per key
  // Per key and method; keyed by method path: "/people/{personId}/GET".
  std::map<std::string, ThrottleLimits> method_throttle;
  std::optional<QuotaLimits> quota;  // per key
};

struct TrafficOptions {
  std::vector<ApiKey> api_keys;
  std::vector<UsagePlan> usage_plans;
  ThrottleLimits account = kDefaultAccountThrottle;
  // The stage's default method throttle (method settings "*/*"); each method has its own
  // bucket. nullopt: only the account throttle applies.
  std::optional<ThrottleLimits> stage;
  // Method settings for single methods, keyed by method path: "/people/{personId}/GET".
  std::map<std::string, ThrottleLimits> methods;
  // Where quota counts are kept across restarts; null: in memory only.
  std::shared_ptr<QuotaLedger> quota_ledger;
  // The clock token buckets refill by; empty: std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> steady_clock;
};

// "/people/{personId}" + "GET" -> "/people/{personId}/GET", as usage plans name methods.
std::string MethodPath(const std::string& resource_path, const std::string& http_method);

}  // namespace nimbus::gateway
