#include "people/handler.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sstream>
#include <stdexcept>

#include "people/in_memory_person_repository.h"
#include "people/people_routes.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using sdk::runtime::InvocationRequest;

InvocationRequest Invocation(std::string payload) {
  InvocationRequest invocation;
  invocation.payload = std::move(payload);
  invocation.request_id = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
  return invocation;
}

class HandlerTest : public ::testing::Test {
 protected:
  HandlerTest() { AddPeopleRoutes(router_, controller_); }

  InMemoryPersonRepository repository_;
  testing::FakeClock clock_;
  testing::SequentialIds ids_;
  PersonService service_{repository_, clock_, ids_};
  std::ostringstream log_;
  PersonController controller_{service_, log_};
  sdk::Router router_;
};

TEST_F(HandlerTest, AnswersAProxyEventWithProxyResponseJson) {
  const std::string event = R"({"resource":"/people","path":"/people","httpMethod":"POST",
      "headers":{"Content-Type":"application/json"},"multiValueHeaders":{},
      "queryStringParameters":null,"multiValueQueryStringParameters":null,
      "pathParameters":null,"stageVariables":null,
      "requestContext":{"requestId":"r-1","stage":"dev","httpMethod":"POST",
                        "resourcePath":"/people","path":"/dev/people","identity":{}},
      "body":"{\"name\":\"Ada\",\"email\":\"ada@example.com\"}","isBase64Encoded":false})";
  const auto response = HandleInvocation(router_, Invocation(event), log_);
  ASSERT_TRUE(response.is_success());
  const boost::json::value json = boost::json::parse(response.payload());
  EXPECT_EQ(json.at("statusCode"), 201);
  EXPECT_EQ(json.at("headers").at("Content-Type"), "application/json");
  EXPECT_EQ(json.at("headers").at("Location"), "/people/00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(boost::json::parse(json.at("body").as_string()).at("name"), "Ada");
}

TEST_F(HandlerTest, PayloadsThatAreNotProxyEventsFailTheInvocation) {
  EXPECT_FALSE(HandleInvocation(router_, Invocation("not json"), log_).is_success());
  EXPECT_FALSE(HandleInvocation(router_, Invocation("[1,2]"), log_).is_success());
}

TEST_F(HandlerTest, AThrowingRouteBecomesA500AndALogLine) {
  sdk::Router router;
  router.Add("GET", "/boom", [](const sdk::apigw::ProxyRequest&) -> sdk::apigw::ProxyResponse {
    throw std::runtime_error("secret detail");
  });
  const std::string event = R"({"resource":"/boom","path":"/boom","httpMethod":"GET",
      "headers":{},"requestContext":{"requestId":"r-2"},"body":null,"isBase64Encoded":false})";
  const auto response = HandleInvocation(router, Invocation(event), log_);
  ASSERT_TRUE(response.is_success());
  const boost::json::value json = boost::json::parse(response.payload());
  EXPECT_EQ(json.at("statusCode"), 500);
  EXPECT_EQ(json.at("headers").at("Content-Type"), "application/problem+json");
  const boost::json::value body = boost::json::parse(json.at("body").as_string());
  EXPECT_EQ(body.at("type"), "urn:nimbus:problem:internal-error");
  EXPECT_EQ(body.at("status"), 500);
  EXPECT_EQ(json.at("body").as_string().find("secret"), std::string::npos);
  EXPECT_NE(log_.str().find("secret detail"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::people
