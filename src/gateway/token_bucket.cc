#include "gateway/token_bucket.h"

#include <algorithm>

namespace nimbus::gateway {

TokenBucket::TokenBucket(ThrottleLimits limits, TimePoint now)
    : limits_(limits), tokens_(limits.burst_limit), last_(now) {}

bool TokenBucket::TryTake(TimePoint now) {
  std::lock_guard lock(mutex_);
  // A clock read on another thread may be a little older than `last_`: no refill then.
  if (now > last_) {
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(limits_.burst_limit, tokens_ + elapsed * limits_.rate_limit);
    last_ = now;
  }
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

}  // namespace nimbus::gateway
