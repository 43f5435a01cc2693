#include "authorizer/token_authorizer.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gateway/jwt_test_keys.h"

namespace nimbus::authorizer {
namespace {

namespace json = boost::json;
namespace jwt = gateway::jwt;
using std::chrono::seconds;

const std::chrono::system_clock::time_point kNow{seconds(1'700'000'000)};
constexpr const char* kArn =
    "arn:aws:execute-api:us-east-1:000000000000:people-api/dev/POST/people";

json::object Claims() {
  return {{"sub", "alice"},
          {"exp", 1'700'000'600},
          {"scope", "people:write"},
          {"roles", json::array{"a", "b"}},
          {"admin", true}};
}

json::value Event(const std::string& token) {
  return json::object{{"type", "TOKEN"}, {"authorizationToken", token}, {"methodArn", kArn}};
}

TEST(TokenAuthorizerTest, StageWildcard) {
  EXPECT_EQ(StageWildcard(kArn), "arn:aws:execute-api:us-east-1:000000000000:people-api/dev/*/*");
  EXPECT_EQ(StageWildcard("arn:aws:execute-api:r:a:api/dev/GET/people/1/x"),
            "arn:aws:execute-api:r:a:api/dev/*/*");
}

TEST(TokenAuthorizerTest, Hs256BearerTokenIsAllowedOnTheStage) {
  Settings settings{.hs256_secret = "s3cret"};
  auto answer = Authorize(Event("Bearer " + jwt::SignHs256(Claims(), "s3cret")), settings, kNow);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->at("principalId"), "alice");
  EXPECT_EQ(
      json::serialize(answer->at("policyDocument")),
      R"({"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:000000000000:people-api/dev/*/*"}]})");
  const json::object& context = answer->at("context").as_object();
  EXPECT_EQ(context.at("sub"), "alice");
  EXPECT_EQ(context.at("scope"), "people:write");
  EXPECT_EQ(context.at("roles"), "a b");  // lists flattened: REST context takes scalars only
  EXPECT_EQ(context.at("admin"), true);
}

TEST(TokenAuthorizerTest, Rs256AgainstTheJwksFile) {
  std::string pem = jwt::testing::NewRsaPem();
  auto keys = jwt::KeySet::Parse(
      json::serialize(json::object{{"keys", json::array{*jwt::PublicJwkOf(pem, "k")}}}));
  Settings settings{.jwks = *keys, .issuer = "https://issuer", .audience = "people"};
  auto claims = Claims();
  claims["iss"] = "https://issuer";
  claims["aud"] = "people";
  EXPECT_TRUE(
      Authorize(Event("Bearer " + *jwt::SignWithPem("RS256", pem, claims, "k")), settings, kNow));
  claims["aud"] = "other";
  EXPECT_FALSE(
      Authorize(Event("Bearer " + *jwt::SignWithPem("RS256", pem, claims, "k")), settings, kNow));
  // HS256 is refused when no secret is configured.
  EXPECT_FALSE(Authorize(Event("Bearer " + jwt::SignHs256(Claims(), "")), settings, kNow));
}

TEST(TokenAuthorizerTest, BadTokensAreUnauthorized) {
  Settings settings{.hs256_secret = "s3cret"};
  auto expired = Claims();
  expired["exp"] = 1'700'000'000 - 3600;
  auto no_sub = Claims();
  no_sub.erase("sub");
  for (const std::string& token : {std::string("Bearer garbage"), std::string(""),
                                   "Bearer " + jwt::SignHs256(Claims(), "wrong"),
                                   "Bearer " + jwt::SignHs256(expired, "s3cret"),
                                   "Bearer " + jwt::SignHs256(no_sub, "s3cret")}) {
    EXPECT_FALSE(Authorize(Event(token), settings, kNow).has_value()) << token;
  }
  EXPECT_FALSE(Authorize(json::value("x"), settings, kNow).has_value());
}

}  // namespace
}  // namespace nimbus::authorizer
