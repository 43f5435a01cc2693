#include "lambda/environment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lambda/ids.h"

namespace nimbus::lambda {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(EnvironmentTest, ReservedNamesKeepLambdasValues) {
  HostOptions host;
  host.environment = {{"AWS_REGION", "host-region"}, {"EXTRA", "host"}};
  FunctionConfig f;
  f.name = "fn";
  f.code_dir = "/code";
  f.memory_mb = 512;
  f.environment = {{"AWS_LAMBDA_FUNCTION_NAME", "other"}, {"EXTRA", "fn"}, {"PATH", "/mine"}};
  auto env = BuildEnvironment(host, f, {.runtime_api = "127.0.0.1:9001", .log_stream = "s"});
  EXPECT_EQ(env.at("AWS_REGION"), "us-east-1");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_NAME"), "fn");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "512");
  EXPECT_EQ(env.at("EXTRA"), "fn");
  EXPECT_EQ(env.at("PATH"), "/mine");
  EXPECT_EQ(env.at("AWS_LAMBDA_RUNTIME_API"), "127.0.0.1:9001");
  EXPECT_FALSE(env.contains("AWS_SESSION_TOKEN"));  // only when the host has one
}

TEST(EnvironmentTest, ValidationNamesTheReservedKeys) {
  FunctionConfig f;
  f.environment = {{"TZ", "x"}, {"OK", "y"}, {"_HANDLER", "z"}};
  auto r = ValidateFunctionEnvironment(f);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error(), HasSubstr("Reserved keys used in this request: TZ,_HANDLER"));
  f.environment = {{"LANG", "C"}};
  EXPECT_TRUE(ValidateFunctionEnvironment(f));
}

TEST(IdsTest, Shapes) {
  EXPECT_THAT(NewRequestId(),
              MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_NE(NewRequestId(), NewRequestId());
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  EXPECT_THAT(NewTraceId(t),
              MatchesRegex("Root=1-6553f100-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"));
  EXPECT_THAT(NewLogStreamName(t), MatchesRegex("2023/11/14/\\[\\$LATEST\\][0-9a-f]{32}"));
  EXPECT_EQ(FunctionArn("eu-west-1", "123", "f"), "arn:aws:lambda:eu-west-1:123:function:f");
}

}  // namespace
}  // namespace nimbus::lambda
