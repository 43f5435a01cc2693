#include "lambda/concurrency.h"

#include <gtest/gtest.h>

namespace nimbus::lambda {
namespace {

constexpr auto kReserved = ThrottleReason::kReservedFunctionConcurrentInvocationLimitExceeded;
constexpr auto kAccount = ThrottleReason::kConcurrentInvocationLimitExceeded;

TEST(ConcurrencyLimiterTest, ReservedFunctionIsCappedAtItsReservation) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(1000, std::map<std::string, int>{{"f", 2}});
  auto a = limiter->TryAcquire("f");
  auto b = limiter->TryAcquire("f");
  ASSERT_TRUE(a && b);
  auto c = limiter->TryAcquire("f");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), kReserved);
  EXPECT_EQ(ThrottleReasonName(c.error()), "ReservedFunctionConcurrentInvocationLimitExceeded");
  a->Release();
  EXPECT_TRUE(limiter->TryAcquire("f"));
}

TEST(ConcurrencyLimiterTest, ZeroReservationThrottlesEverything) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(1000, std::map<std::string, int>{{"f", 0}});
  auto lease = limiter->TryAcquire("f");
  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error(), kReserved);
}

TEST(ConcurrencyLimiterTest, UnreservedFunctionsShareWhatReservationsLeave) {
  auto limiter =
      std::make_shared<ConcurrencyLimiter>(102, std::map<std::string, int>{{"reserved", 2}});
  EXPECT_EQ(limiter->UnreservedLimit(), 100);
  std::vector<ConcurrencyLease> leases;
  for (int i = 0; i < 100; ++i) {
    auto lease = limiter->TryAcquire(i % 2 ? "a" : "b");
    ASSERT_TRUE(lease) << i;
    leases.push_back(std::move(*lease));
  }
  auto over = limiter->TryAcquire("a");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), kAccount);
  EXPECT_EQ(ThrottleReasonName(over.error()), "ConcurrentInvocationLimitExceeded");
  // The reservation is untouched by the others.
  EXPECT_TRUE(limiter->TryAcquire("reserved"));
  leases.pop_back();  // a lease ends with its scope
  EXPECT_TRUE(limiter->TryAcquire("a"));
}

TEST(ConcurrencyLimiterTest, LeasesCountInFlightAndMoveOwnership) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(10, std::map<std::string, int>{});
  auto a = limiter->TryAcquire("f");
  ASSERT_TRUE(a);
  EXPECT_EQ(limiter->InFlight("f"), 1);
  ConcurrencyLease moved = std::move(*a);
  EXPECT_FALSE(a->held());
  EXPECT_EQ(limiter->InFlight("f"), 1);
  moved.Release();
  moved.Release();  // once only
  EXPECT_EQ(limiter->InFlight("f"), 0);
}

TEST(ConcurrencyLimiterTest, LeaseOutlivingTheLimiterIsHarmless) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(10, std::map<std::string, int>{});
  auto lease = limiter->TryAcquire("f");
  limiter.reset();
  lease->Release();
}

TEST(ConcurrencyLimiterTest, ReservationsMustLeaveTheUnreservedMinimum) {
  EXPECT_TRUE(ConcurrencyLimiter::Validate(1000, {{"a", 900}}));
  auto over = ConcurrencyLimiter::Validate(1000, {{"a", 500}, {"b", 401}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(),
            "Specified ReservedConcurrentExecutions for function decreases account's "
            "UnreservedConcurrentExecution below its minimum value of [100].");
  // A small account keeps all of itself unreserved, as new AWS accounts do.
  auto small = ConcurrencyLimiter::Validate(10, {{"a", 1}});
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().find("[10]"), std::string::npos);
  EXPECT_TRUE(ConcurrencyLimiter::Validate(10, {{"a", 0}}));
}

TEST(ConcurrencyLimiterTest, PutReservedIsCheckedAndLeavesOldValueOnRefusal) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(1000, std::map<std::string, int>{});
  EXPECT_FALSE(limiter->Reserved("f"));
  ASSERT_TRUE(limiter->PutReserved("f", 5));
  EXPECT_EQ(limiter->Reserved("f"), 5);
  EXPECT_EQ(limiter->UnreservedLimit(), 995);
  EXPECT_FALSE(limiter->PutReserved("f", 901));
  EXPECT_EQ(limiter->Reserved("f"), 5);
  ASSERT_TRUE(limiter->PutReserved("f", 900));  // replaces its own reservation
  limiter->DeleteReserved("f");
  EXPECT_FALSE(limiter->Reserved("f"));
  EXPECT_EQ(limiter->UnreservedLimit(), 1000);
}

TEST(ConcurrencyLimiterTest, ReleaseReturnsWhatTheLeaseTookEvenAfterAReservationChange) {
  auto limiter = std::make_shared<ConcurrencyLimiter>(1, std::map<std::string, int>{});
  auto unreserved = limiter->TryAcquire("f");
  ASSERT_TRUE(unreserved);
  ASSERT_FALSE(limiter->TryAcquire("g"));
  ASSERT_TRUE(limiter->PutReserved("f", 0));  // an account of 1 may reserve nothing but 0
  unreserved->Release();
  EXPECT_TRUE(limiter->TryAcquire("g"));
}

}  // namespace
}  // namespace nimbus::lambda
