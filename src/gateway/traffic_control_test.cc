#include "gateway/traffic_control.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

using namespace std::chrono_literals;

constexpr const char* kGoldValue = "gold-key-0123456789abcdef";
constexpr const char* kSilverValue = "silver-key-0123456789abc";
constexpr const char* kOffValue = "disabled-key-0123456789a";

class TrafficControlTest : public ::testing::Test {
 protected:
  TrafficControlTest() {
    Resource people{.path = "/people", .id = "r1"};
    Method list{.http_method = "GET"};
    list.front.api_key_required = true;
    people.methods.emplace("GET", list);
    people.methods.emplace("POST", Method{.http_method = "POST"});  // no key needed
    api_.resources = {people};
    options_.api_keys = {{.id = "gold", .value = kGoldValue},
                         {.id = "silver", .value = kSilverValue},
                         {.id = "off", .value = kOffValue, .enabled = false},
                         {.id = "planless", .value = "planless-key-0123456789"}};
    options_.usage_plans = {{.id = "basic", .key_ids = {"gold", "silver", "off"}}};
    options_.steady_clock = [this] { return now_; };
  }

  TrafficControl Make() { return TrafficControl(api_, options_); }

  Admission Admit(const TrafficControl& control, const std::string& method,
                  const char* key = nullptr) {
    net::Request request{method == "GET" ? net::http::verb::get : net::http::verb::post, "/people",
                         11};
    if (key != nullptr) request.set("x-api-key", key);
    const Resource& resource = api_.resources[0];
    return control.Admit(request, resource, resource.methods.at(method), wall_);
  }

  Api api_;
  TrafficOptions options_;
  std::chrono::steady_clock::time_point now_{};
  std::chrono::system_clock::time_point wall_ =
      std::chrono::sys_days{std::chrono::year{2024} / 5 / 15};
};

TEST_F(TrafficControlTest, AMethodThatNeedsAKeyRefusesAMissingUnknownDisabledOrPlanlessKey) {
  auto control = Make();
  EXPECT_EQ(Admit(control, "GET").refusal, GatewayError::kInvalidApiKey);
  EXPECT_EQ(Admit(control, "GET", "").refusal, GatewayError::kInvalidApiKey);
  EXPECT_EQ(Admit(control, "GET", "nobody-knows-this-key-000").refusal,
            GatewayError::kInvalidApiKey);
  EXPECT_EQ(Admit(control, "GET", kOffValue).refusal, GatewayError::kInvalidApiKey);
  EXPECT_EQ(Admit(control, "GET", "planless-key-0123456789").refusal, GatewayError::kInvalidApiKey);
  auto admitted = Admit(control, "GET", kGoldValue);
  EXPECT_FALSE(admitted.refusal);
  ASSERT_NE(admitted.api_key, nullptr);
  EXPECT_EQ(admitted.api_key->id, "gold");
  // A method without the requirement ignores keys altogether.
  auto open = Admit(control, "POST");
  EXPECT_FALSE(open.refusal);
  EXPECT_EQ(open.api_key, nullptr);
}

TEST_F(TrafficControlTest, EachKeyHasItsOwnBucketOfThePlansThrottle) {
  options_.usage_plans[0].throttle = ThrottleLimits{.rate_limit = 1, .burst_limit = 2};
  auto control = Make();
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_EQ(Admit(control, "GET", kGoldValue).refusal, GatewayError::kThrottled);
  EXPECT_FALSE(Admit(control, "GET", kSilverValue).refusal);
  now_ += 1s;
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_EQ(Admit(control, "GET", kGoldValue).refusal, GatewayError::kThrottled);
}

TEST_F(TrafficControlTest, APlansMethodThrottleIsNarrowerThanItsKeyThrottle) {
  options_.usage_plans[0].throttle = ThrottleLimits{.rate_limit = 100, .burst_limit = 100};
  options_.usage_plans[0].method_throttle["/people/GET"] = {.rate_limit = 1, .burst_limit = 1};
  auto control = Make();
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_EQ(Admit(control, "GET", kGoldValue).refusal, GatewayError::kThrottled);
}

TEST_F(TrafficControlTest, TheStageThrottleGivesEachMethodItsOwnBucketAndMethodSettingsWin) {
  options_.stage = ThrottleLimits{.rate_limit = 1, .burst_limit = 1};
  options_.methods["/people/GET"] = {.rate_limit = 1, .burst_limit = 3};
  auto control = Make();
  EXPECT_FALSE(Admit(control, "POST").refusal);
  EXPECT_EQ(Admit(control, "POST").refusal, GatewayError::kThrottled);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal) << i;
  EXPECT_EQ(Admit(control, "GET", kSilverValue).refusal, GatewayError::kThrottled);
}

TEST_F(TrafficControlTest, TheAccountThrottleCoversEveryMethod) {
  options_.account = {.rate_limit = 10, .burst_limit = 2};
  auto control = Make();
  EXPECT_FALSE(Admit(control, "POST").refusal);
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_EQ(Admit(control, "POST").refusal, GatewayError::kThrottled);
  now_ += 100ms;
  EXPECT_FALSE(Admit(control, "POST").refusal);
}

TEST_F(TrafficControlTest, TheDefaultAccountThrottleIsAwsDefault) {
  EXPECT_EQ(TrafficOptions{}.account.rate_limit, 10000);
  EXPECT_EQ(TrafficOptions{}.account.burst_limit, 5000);
  auto control = Make();
  for (int i = 0; i < 5000; ++i) ASSERT_FALSE(Admit(control, "POST").refusal) << i;
  EXPECT_EQ(Admit(control, "POST").refusal, GatewayError::kThrottled);
  now_ += 1ms;  // 10 more tokens
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(Admit(control, "POST").refusal) << i;
  EXPECT_EQ(Admit(control, "POST").refusal, GatewayError::kThrottled);
}

TEST_F(TrafficControlTest, AnExhaustedQuotaIsLimitExceededAndThrottledRequestsDoNotCount) {
  options_.usage_plans[0].quota = QuotaLimits{.limit = 2, .period = QuotaPeriod::kDay};
  options_.usage_plans[0].throttle = ThrottleLimits{.rate_limit = 1, .burst_limit = 1};
  auto ledger = std::make_shared<QuotaLedger>();
  options_.quota_ledger = ledger;
  auto control = Make();
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  EXPECT_EQ(Admit(control, "GET", kGoldValue).refusal, GatewayError::kThrottled);
  now_ += 1s;
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
  now_ += 1s;
  EXPECT_EQ(Admit(control, "GET", kGoldValue).refusal, GatewayError::kQuotaExceeded);
  EXPECT_EQ(ledger->Used("basic", "gold", *options_.usage_plans[0].quota, wall_), 2);
  now_ += 1s;
  EXPECT_FALSE(Admit(control, "GET", kSilverValue).refusal);
  wall_ += std::chrono::days{1};
  EXPECT_FALSE(Admit(control, "GET", kGoldValue).refusal);
}

TEST_F(TrafficControlTest, APlanNamingAnUnknownKeyIsRefused) {
  options_.usage_plans[0].key_ids.push_back("ghost");
  EXPECT_THROW(Make(), std::invalid_argument);
}

}  // namespace
}  // namespace nimbus::gateway
