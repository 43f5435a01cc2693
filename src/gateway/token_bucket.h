// The token bucket API Gateway throttles with: it starts full with `burst_limit` tokens and
// refills at `rate_limit` tokens per second; each request takes one token or is throttled.
// Time is passed in, so tests drive it. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "gateway/traffic.h"

namespace nimbus::gateway {

class TokenBucket {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  TokenBucket(ThrottleLimits limits, TimePoint now);

  // Takes one token if there is one.
  bool TryTake(TimePoint now);

 private:
  const ThrottleLimits limits_;
  std::mutex mutex_;
  double tokens_;
  TimePoint last_;
};

}  // namespace nimbus::gateway
