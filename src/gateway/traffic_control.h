// The API key, usage plan and throttling stage of the gateway chain, in API Gateway's order:
// the API key (for methods that require one), then the throttles from the narrowest to the
// widest (the key's per-method limit, the key's limit, the stage's limit for the method, the
// account's), then the key's quota. The first that refuses decides the response.
//
// Every bucket is made at construction (keys, plans and methods are known then), so admitting
// a request only reads shared structure and locks one bucket at a time. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "gateway/api.h"
#include "gateway/gateway_errors.h"
#include "gateway/quota_ledger.h"
#include "gateway/token_bucket.h"
#include "gateway/traffic.h"
#include "net/http.h"

namespace nimbus::gateway {

struct Admission {
  std::optional<GatewayError> refusal;  // nullopt: go on
  const ApiKey* api_key = nullptr;      // the key the request used, if its method needs one
};

class TrafficControl {
 public:
  // REQUIRES: `api` outlives this object. Throws std::invalid_argument if a usage plan names
  // a key that `options` does not list.
  TrafficControl(const Api& api, TrafficOptions options);

  Admission Admit(const net::Request& request, const Resource& resource, const Method& method,
                  std::chrono::system_clock::time_point now) const;

 private:
  struct KeyPlan {
    const ApiKey* key;
    const UsagePlan* plan;
  };
  TokenBucket* KeyBucket(const std::string& id) const;

  TrafficOptions options_;
  std::unordered_map<std::string, KeyPlan> keys_by_value_;  // enabled keys with a plan here
  std::unique_ptr<TokenBucket> account_;
  // The stage's bucket of each method that has one.
  std::unordered_map<const Method*, std::unique_ptr<TokenBucket>> stage_buckets_;
  // Usage plan buckets by id: "<plan> <key>", "<plan> <key> <method path>".
  std::unordered_map<std::string, std::unique_ptr<TokenBucket>> key_buckets_;
  std::shared_ptr<QuotaLedger> quotas_;
};

}  // namespace nimbus::gateway
