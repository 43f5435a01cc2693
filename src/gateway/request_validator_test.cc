#include "gateway/request_validator.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway/json_schema.h"

namespace nimbus::gateway {
namespace {

using In = RequiredParameter::In;

net::Request Request(std::string target, std::string body = {}) {
  net::Request request{net::http::verb::post, target, 11};
  request.body() = std::move(body);
  return request;
}

RequestValidation ParametersOnly() {
  return {.validate_parameters = true,
          .required = {{In::kHeader, "x-trace"},
                       {In::kPath, "personId"},
                       {In::kQueryString, "limit"},
                       {In::kQueryString, "sort"}}};
}

TEST(RequestValidatorTest, NamesEveryMissingParameterInApiGatewaysOrder) {
  RouteMatch match;
  auto refusal = ValidateRequest(Request("/people"), match, ParametersOnly());
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->error, GatewayError::kBadRequestParameters);
  EXPECT_EQ(refusal->message,
            "Missing required request parameters: [x-trace, personId, limit, sort]");
}

TEST(RequestValidatorTest, PresentParametersPassEvenWhenEmpty) {
  RouteMatch match{.path_parameters = {{"personId", "42"}}};
  auto request = Request("/people/42?limit=&so%72t=name");
  request.set("X-Trace", "1");
  EXPECT_FALSE(ValidateRequest(request, match, ParametersOnly()));
  request.target("/people/42?limit=1");
  auto refusal = ValidateRequest(request, match, ParametersOnly());
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->message, "Missing required request parameters: [sort]");
}

TEST(RequestValidatorTest, ParametersAreNotCheckedUnlessTheValidatorSaysSo) {
  auto validation = ParametersOnly();
  validation.validate_parameters = false;
  EXPECT_FALSE(ValidateRequest(Request("/people"), RouteMatch{}, validation));
}

TEST(RequestValidatorTest, TheBodyMustMatchTheModel) {
  auto schema = JsonSchema::Compile(boost::json::parse(
      R"({"type":"object","required":["name"],"properties":{"name":{"type":"string"}}})"));
  ASSERT_TRUE(schema);
  RequestValidation validation{.validate_body = true, .body_schema = *schema};
  EXPECT_FALSE(ValidateRequest(Request("/p", R"({"name":"Ada"})"), RouteMatch{}, validation));
  for (std::string body : {R"({"name":1})", "{}", "", "not json", R"({"name":"Ada")"}) {
    auto refusal = ValidateRequest(Request("/p", body), RouteMatch{}, validation);
    ASSERT_TRUE(refusal) << body;
    EXPECT_EQ(refusal->error, GatewayError::kBadRequestBody) << body;
  }
  validation.validate_body = false;
  EXPECT_FALSE(ValidateRequest(Request("/p", "not json"), RouteMatch{}, validation));
}

TEST(RequestValidatorTest, MissingParametersAreReportedBeforeABadBody) {
  auto schema = JsonSchema::Compile(boost::json::parse(R"({"type":"object"})"));
  auto validation = ParametersOnly();
  validation.validate_body = true;
  validation.body_schema = *schema;
  auto refusal = ValidateRequest(Request("/p", "[]"), RouteMatch{}, validation);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->error, GatewayError::kBadRequestParameters);
}

}  // namespace
}  // namespace nimbus::gateway
