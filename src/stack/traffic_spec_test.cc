#include "stack/traffic_spec.h"

#include <gtest/gtest.h>

#include <fstream>

#include "stack/stack.h"

namespace nimbus::stack {
namespace {

class TrafficSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("traffic_spec_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::expected<Stack, std::string> Load(const std::string& sections) {
    std::ofstream(dir_ / "stack.yaml")
        << "name: s\napi: {name: people-api, openapi: openapi.yaml, stage: dev"
        << (api_extra_.empty() ? "" : ", " + api_extra_) << "}\n"
        << sections;
    return LoadStack(dir_);
  }

  std::string ErrorOf(const std::string& sections) {
    auto stack = Load(sections);
    return stack ? "(loaded)" : stack.error();
  }

  std::filesystem::path dir_;
  std::string api_extra_;
};

constexpr const char* kKeys = R"(
api_keys:
  partner: {value: partner-key-0123456789abc}
  retired: {value: retired-key-0123456789abc, enabled: false}
)";

TEST_F(TrafficSpecTest, ReadsKeysPlansAndMethodSettingsInTerraformsShapes) {
  api_extra_ =
      "method_settings: {'*/*': {throttling_rate_limit: 100, throttling_burst_limit: 50}, "
      "'people/{personId}/GET': {throttling_rate_limit: 0.5, throttling_burst_limit: 1}}, "
      "account_throttle: {rate_limit: 20, burst_limit: 10}";
  auto stack = Load(std::string(kKeys) + R"(
usage_plans:
  basic:
    api_stages:
      - api: people-api
        stage: dev
        throttle:
          - {path: "/people/{personId}/GET", rate_limit: 5, burst_limit: 10}
    throttle_settings: {rate_limit: 100, burst_limit: 200}
    quota_settings: {limit: 1000, period: WEEK, offset: 10}
    keys: [partner, retired]
)");
  ASSERT_TRUE(stack) << stack.error();
  ASSERT_EQ(stack->api_keys.size(), 2u);
  EXPECT_EQ(stack->api_keys[0].name, "partner");
  EXPECT_EQ(stack->api_keys[0].value, "partner-key-0123456789abc");
  EXPECT_TRUE(stack->api_keys[0].enabled);
  EXPECT_FALSE(stack->api_keys[1].enabled);
  ASSERT_EQ(stack->usage_plans.size(), 1u);
  const auto& plan = stack->usage_plans[0];
  EXPECT_EQ(plan.name, "basic");
  ASSERT_EQ(plan.api_stages.size(), 1u);
  EXPECT_EQ(plan.api_stages[0].api, "people-api");
  EXPECT_EQ(plan.api_stages[0].throttle.at("/people/{personId}/GET").burst_limit, 10);
  EXPECT_EQ(plan.throttle->rate_limit, 100);
  EXPECT_EQ(plan.quota->limit, 1000);
  EXPECT_EQ(plan.quota->period, "WEEK");
  EXPECT_EQ(plan.quota->offset, 10);
  EXPECT_EQ(plan.keys, (std::vector<std::string>{"partner", "retired"}));
  EXPECT_EQ(stack->api->method_settings.at("*/*").rate_limit, 100);
  EXPECT_EQ(stack->api->method_settings.at("people/{personId}/GET").rate_limit, 0.5);
  EXPECT_EQ(stack->api->account_throttle->burst_limit, 10);
}

TEST_F(TrafficSpecTest, ReportsMistakesWithTheirPath) {
  EXPECT_NE(ErrorOf("api_keys:\n  short: {value: abc}\n")
                .find("stack.yaml: api_keys.short.value: must be 20 to 128 characters"),
            std::string::npos);
  EXPECT_NE(ErrorOf("api_keys:\n  a: {value: same-value-0123456789ab}\n"
                    "  b: {value: same-value-0123456789ab}\n")
                .find("api_keys.b.value: another key has it"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kKeys) + "usage_plans:\n  p: {keys: [ghost]}\n")
                .find("usage_plans.p.keys[0]: unknown API key ghost"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kKeys) +
                    "usage_plans:\n  p: {quota_settings: {limit: 5, period: YEAR}}\n")
                .find("usage_plans.p.quota_settings.period: must be DAY, WEEK or MONTH"),
            std::string::npos);
  EXPECT_NE(ErrorOf("usage_plans:\n  p: {throttle_settings: {rate_limit: -1, burst_limit: 1}}\n")
                .find("usage_plans.p.throttle_settings.rate_limit: must be at least 0"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("usage_plans:\n  p: {colour: blue}\n").find("usage_plans.p.colour: unknown key"),
      std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kKeys) + R"(
usage_plans:
  a: {api_stages: [{api: people-api, stage: dev}], keys: [partner]}
  b: {api_stages: [{api: people-api, stage: dev}], keys: [partner]}
)")
                .find("usage_plans.b.keys[0]: API key partner is already in usage plan a"),
            std::string::npos);
  api_extra_ = "method_settings: {GET: {throttling_rate_limit: 1, throttling_burst_limit: 1}}";
  EXPECT_NE(ErrorOf("").find("api.method_settings.GET: must be */* or a method path"),
            std::string::npos);
}

}  // namespace
}  // namespace nimbus::stack
