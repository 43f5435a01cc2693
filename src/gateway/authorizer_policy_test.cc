#include "gateway/authorizer_policy.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

constexpr std::string_view kArn = "arn:aws:execute-api:us-east-1:000000000000:api/dev/POST/people";

std::string Policy(std::string_view statements) {
  return R"({"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":)" +
         std::string(statements) + "}}";
}

PolicyDecision Decide(std::string_view statements, std::string_view arn = kArn) {
  auto output = ParseAuthorizerOutput(Policy(statements), false, false);
  EXPECT_TRUE(output.has_value()) << output.error();
  return output ? Evaluate(output->statements, arn) : PolicyDecision::kImplicitDeny;
}

TEST(WildcardMatchTest, StarAndQuestionMark) {
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_TRUE(WildcardMatch("arn:*:api/dev/*", "arn:aws:execute-api:x:1:api/dev/GET/people"));
  EXPECT_TRUE(WildcardMatch("a?c", "abc"));
  EXPECT_FALSE(WildcardMatch("a?c", "ac"));
  EXPECT_TRUE(WildcardMatch("*/GET/*", "x/GET/people/1"));
  EXPECT_FALSE(WildcardMatch("*/GET/*", "x/POST/people/1"));
  EXPECT_FALSE(WildcardMatch("api/dev", "api/dev/GET"));
  EXPECT_TRUE(WildcardMatch("a*b*c*d", "aXXbYYcZZd"));
  EXPECT_FALSE(WildcardMatch("a*b*c*d", "aXXbYYcZZ"));
}

TEST(PolicyTest, AllowDenyAndImplicitDeny) {
  EXPECT_EQ(
      Decide(
          R"([{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:000000000000:api/dev/*/*"}])"),
      PolicyDecision::kAllow);
  // A statement object instead of a list, and lists for Action and Resource.
  EXPECT_EQ(
      Decide(
          R"({"Action":["execute-api:Invoke"],"Effect":"Allow","Resource":["arn:aws:execute-api:*"]})"),
      PolicyDecision::kAllow);
  EXPECT_EQ(Decide(R"([{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"},
                       {"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*/POST/*"}])"),
            PolicyDecision::kExplicitDeny);
  EXPECT_EQ(Decide(R"([{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*/GET/*"}])"),
            PolicyDecision::kImplicitDeny);
  EXPECT_EQ(Decide(R"([{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}])"),
            PolicyDecision::kImplicitDeny);
  EXPECT_EQ(Decide(R"([{"Action":"execute-api:*","Effect":"Allow","Resource":"*"}])"),
            PolicyDecision::kAllow);
  EXPECT_EQ(Decide("[]"), PolicyDecision::kImplicitDeny);
}

TEST(PolicyTest, GarbageIsRefused) {
  for (std::string_view payload :
       {"null", "[]", R"({"principalId":"a"})", R"({"policyDocument":{}})",
        R"({"policyDocument":{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}})",
        R"({"policyDocument":{"Statement":[{"Effect":"Allow","Resource":"*"}]}})",
        R"({"principalId":5,"policyDocument":{"Statement":[]}})"}) {
    EXPECT_FALSE(ParseAuthorizerOutput(payload, false, false).has_value()) << payload;
  }
}

TEST(PolicyTest, RestContextTakesOnlyScalars) {
  std::string with_object =
      R"({"principalId":"a","policyDocument":{"Statement":[]},"context":{"o":{"x":1}}})";
  EXPECT_FALSE(ParseAuthorizerOutput(with_object, false, false).has_value());
  EXPECT_TRUE(ParseAuthorizerOutput(with_object, false, true).has_value());
  auto ok = ParseAuthorizerOutput(
      R"({"principalId":"a","policyDocument":{"Statement":[]},"context":{"s":"v","n":1,"b":true}})",
      false, false);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->principal_id, "a");
  EXPECT_EQ(ok->context.size(), 3u);
}

TEST(PolicyTest, SimpleResponses) {
  auto yes = ParseAuthorizerOutput(R"({"isAuthorized":true,"context":{"k":"v"}})", true, true);
  ASSERT_TRUE(yes.has_value());
  EXPECT_TRUE(yes->simple);
  EXPECT_TRUE(yes->authorized);
  EXPECT_FALSE(ParseAuthorizerOutput(R"({"isAuthorized":"true"})", true, true).has_value());
  EXPECT_FALSE(ParseAuthorizerOutput(R"({})", true, true).has_value());
}

}  // namespace
}  // namespace nimbus::gateway
