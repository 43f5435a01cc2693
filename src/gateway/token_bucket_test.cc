#include "gateway/token_bucket.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

using namespace std::chrono_literals;
const TokenBucket::TimePoint kStart{};

TEST(TokenBucketTest, StartsFullWithTheBurstThenRefusesUntilItRefills) {
  TokenBucket bucket({.rate_limit = 2, .burst_limit = 3}, kStart);
  EXPECT_TRUE(bucket.TryTake(kStart));
  EXPECT_TRUE(bucket.TryTake(kStart));
  EXPECT_TRUE(bucket.TryTake(kStart));
  EXPECT_FALSE(bucket.TryTake(kStart));
  EXPECT_FALSE(bucket.TryTake(kStart + 499ms));  // 0.998 of a token so far
  EXPECT_TRUE(bucket.TryTake(kStart + 500ms));
  EXPECT_FALSE(bucket.TryTake(kStart + 500ms));
}

TEST(TokenBucketTest, NeverHoldsMoreThanTheBurst) {
  TokenBucket bucket({.rate_limit = 100, .burst_limit = 2}, kStart);
  const auto later = kStart + 1h;
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_FALSE(bucket.TryTake(later));
}

TEST(TokenBucketTest, ABurstOfZeroRefusesEverything) {
  TokenBucket bucket({.rate_limit = 1000, .burst_limit = 0}, kStart);
  EXPECT_FALSE(bucket.TryTake(kStart));
  EXPECT_FALSE(bucket.TryTake(kStart + 10s));
}

TEST(TokenBucketTest, AFractionalRateRefillsSlowly) {
  TokenBucket bucket({.rate_limit = 0.5, .burst_limit = 1}, kStart);
  EXPECT_TRUE(bucket.TryTake(kStart));
  EXPECT_FALSE(bucket.TryTake(kStart + 1s));
  EXPECT_TRUE(bucket.TryTake(kStart + 2s));
}

TEST(TokenBucketTest, AClockReadingFromBeforeTheLastOneAddsNothing) {
  TokenBucket bucket({.rate_limit = 1, .burst_limit = 1}, kStart + 10s);
  EXPECT_TRUE(bucket.TryTake(kStart + 10s));
  EXPECT_FALSE(bucket.TryTake(kStart + 5s));
  EXPECT_TRUE(bucket.TryTake(kStart + 11s));
}

}  // namespace
}  // namespace nimbus::gateway
