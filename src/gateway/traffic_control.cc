#include "gateway/traffic_control.h"

#include <stdexcept>

namespace nimbus::gateway {

namespace {

// The header API Gateway reads keys from when the API key source is HEADER.
constexpr std::string_view kApiKeyHeader = "x-api-key";

std::string KeyBucketId(const UsagePlan& plan, const ApiKey& key) { return plan.id + " " + key.id; }
std::string KeyMethodBucketId(const UsagePlan& plan, const ApiKey& key,
                              const std::string& method_path) {
  return KeyBucketId(plan, key) + " " + method_path;
}

}  // namespace

std::string MethodPath(const std::string& resource_path, const std::string& http_method) {
  return (resource_path == "/" ? std::string() : resource_path) + "/" + http_method;
}

TrafficControl::TrafficControl(const Api& api, TrafficOptions options)
    : options_(std::move(options)), quotas_(options_.quota_ledger) {
  if (!options_.steady_clock)
    options_.steady_clock = [] { return std::chrono::steady_clock::now(); };
  if (!quotas_) quotas_ = std::make_shared<QuotaLedger>();
  const auto now = options_.steady_clock();
  account_ = std::make_unique<TokenBucket>(options_.account, now);
  for (const Resource& resource : api.resources) {
    for (const auto& [name, method] : resource.methods) {
      auto it = options_.methods.find(MethodPath(resource.path, name));
      if (it != options_.methods.end()) {
        stage_buckets_.emplace(&method, std::make_unique<TokenBucket>(it->second, now));
      } else if (options_.stage) {
        stage_buckets_.emplace(&method, std::make_unique<TokenBucket>(*options_.stage, now));
      }
    }
  }
  auto add = [&](std::string id, ThrottleLimits limits) {
    key_buckets_.emplace(std::move(id), std::make_unique<TokenBucket>(limits, now));
  };
  for (const UsagePlan& plan : options_.usage_plans) {
    for (const std::string& key_id : plan.key_ids) {
      const ApiKey* key = nullptr;
      for (const ApiKey& k : options_.api_keys) key = k.id == key_id ? &k : key;
      if (key == nullptr) {
        throw std::invalid_argument("usage plan " + plan.id + " names unknown API key " + key_id);
      }
      if (key->enabled) keys_by_value_.emplace(key->value, KeyPlan{key, &plan});
      if (plan.throttle) add(KeyBucketId(plan, *key), *plan.throttle);
      for (const auto& [path, limits] : plan.method_throttle) {
        add(KeyMethodBucketId(plan, *key, path), limits);
      }
    }
  }
}

TokenBucket* TrafficControl::KeyBucket(const std::string& id) const {
  auto it = key_buckets_.find(id);
  return it == key_buckets_.end() ? nullptr : it->second.get();
}

Admission TrafficControl::Admit(const net::Request& request, const Resource& resource,
                                const Method& method,
                                std::chrono::system_clock::time_point now) const {
  const auto tick = options_.steady_clock();
  Admission admission;
  const KeyPlan* key_plan = nullptr;
  if (method.front.api_key_required) {
    auto value = request[kApiKeyHeader];
    auto it = value.empty() ? keys_by_value_.end() : keys_by_value_.find(std::string(value));
    if (it == keys_by_value_.end()) return {.refusal = GatewayError::kInvalidApiKey};
    key_plan = &it->second;
    admission.api_key = key_plan->key;
    const UsagePlan& plan = *key_plan->plan;
    TokenBucket* per_method = KeyBucket(
        KeyMethodBucketId(plan, *key_plan->key, MethodPath(resource.path, method.http_method)));
    TokenBucket* per_key = KeyBucket(KeyBucketId(plan, *key_plan->key));
    if ((per_method && !per_method->TryTake(tick)) || (per_key && !per_key->TryTake(tick))) {
      admission.refusal = GatewayError::kThrottled;
      return admission;
    }
  }
  auto stage = stage_buckets_.find(&method);
  if ((stage != stage_buckets_.end() && !stage->second->TryTake(tick)) ||
      !account_->TryTake(tick)) {
    admission.refusal = GatewayError::kThrottled;
    return admission;
  }
  if (key_plan != nullptr && key_plan->plan->quota &&
      !quotas_->TryConsume(key_plan->plan->id, key_plan->key->id, *key_plan->plan->quota, now)) {
    admission.refusal = GatewayError::kQuotaExceeded;
  }
  return admission;
}

}  // namespace nimbus::gateway
