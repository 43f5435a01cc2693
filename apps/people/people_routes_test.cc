#include "people/people_routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sstream>

#include "people/in_memory_person_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;

// A REST API (v1) proxy event as API Gateway sends it (cf. shared/fixtures/aws-events/
// apigw-request.json), for `method path` matched to `resource`.
boost::json::object Event(std::string_view method, std::string_view resource, std::string_view path,
                          boost::json::value body = nullptr) {
  boost::json::object event = boost::json::parse(R"({
    "headers": {"Accept": "*/*", "Content-Type": "application/json",
                "Host": "abc123.execute-api.us-east-1.amazonaws.com"},
    "multiValueHeaders": {"Accept": ["*/*"], "Content-Type": ["application/json"],
                          "Host": ["abc123.execute-api.us-east-1.amazonaws.com"]},
    "queryStringParameters": null,
    "multiValueQueryStringParameters": null,
    "pathParameters": null,
    "stageVariables": null,
    "requestContext": {
      "accountId": "123456789012", "apiId": "abc123", "resourceId": "roq9wj",
      "stage": "dev", "requestId": "deef4878-7910-11e6-8f14-25afc3e9ae33",
      "protocol": "HTTP/1.1",
      "identity": {"sourceIp": "192.168.196.186", "userAgent": "curl/8.0"}},
    "isBase64Encoded": false})")
                                  .as_object();
  event["httpMethod"] = method;
  event["resource"] = resource;
  event["path"] = path;
  event["body"] = std::move(body);
  boost::json::object& context = event["requestContext"].as_object();
  context["httpMethod"] = method;
  context["resourcePath"] = resource;
  context["path"] = "/dev" + std::string(path);
  if (resource == "/people/{personId}") {
    event["pathParameters"] = {{"personId", path.substr(std::string_view("/people/").size())}};
  }
  return event;
}

class PeopleRoutesTest : public ::testing::Test {
 protected:
  PeopleRoutesTest() { AddPeopleRoutes(router_, controller_); }

  ProxyResponse Dispatch(const boost::json::object& event) {
    auto request = ProxyRequest::FromJson(event);
    EXPECT_TRUE(request.has_value()) << (request ? "" : request.error());
    return router_.Dispatch(*request);
  }

  InMemoryPersonRepository repository_;
  testing::FakeClock clock_;
  testing::SequentialIds ids_;
  PersonService service_{repository_, clock_, ids_};
  std::ostringstream log_;
  PersonController controller_{service_, log_};
  sdk::Router router_;
};

constexpr char kId1[] = "00000000-0000-4000-8000-000000000001";

TEST_F(PeopleRoutesTest, EveryRouteReachesItsControllerMethod) {
  const ProxyResponse created =
      Dispatch(Event("POST", "/people", "/people", R"({"name":"Ada","email":"a@b.co"})"));
  EXPECT_EQ(created.status_code, 201) << created.body;
  const std::string item = std::string("/people/") + kId1;

  EXPECT_EQ(Dispatch(Event("GET", "/people/{personId}", item)).status_code, 200);
  const ProxyResponse listed = Dispatch(Event("GET", "/people", "/people"));
  EXPECT_EQ(listed.status_code, 200);
  EXPECT_EQ(boost::json::parse(listed.body).at("items").as_array().size(), 1u);
  const ProxyResponse replaced =
      Dispatch(Event("PUT", "/people/{personId}", item, R"({"name":"Ada King","email":"a@b.co"})"));
  EXPECT_EQ(replaced.status_code, 200) << replaced.body;
  EXPECT_EQ(boost::json::parse(replaced.body).at("name"), "Ada King");
  EXPECT_EQ(Dispatch(Event("DELETE", "/people/{personId}", item)).status_code, 204);
  EXPECT_EQ(Dispatch(Event("GET", "/people/{personId}", item)).status_code, 404);
}

TEST_F(PeopleRoutesTest, QueryParametersReachTheController) {
  for (int i = 0; i < 3; ++i) {
    const std::string body = R"({"name":"Ada","email":"a)" + std::to_string(i) + R"(@b.co"})";
    Dispatch(Event("POST", "/people", "/people", boost::json::string(body)));
  }
  boost::json::object event = Event("GET", "/people", "/people");
  event["queryStringParameters"] = {{"limit", "2"}};
  event["multiValueQueryStringParameters"] = {{"limit", boost::json::array{"2"}}};
  const ProxyResponse page = Dispatch(event);
  EXPECT_EQ(page.status_code, 200);
  EXPECT_EQ(boost::json::parse(page.body).at("items").as_array().size(), 2u);
  EXPECT_TRUE(boost::json::parse(page.body).as_object().contains("nextToken"));
}

TEST_F(PeopleRoutesTest, MatchesThePathWhenNoTemplateIsGiven) {
  Dispatch(Event("POST", "/people", "/people", R"({"name":"Ada","email":"a@b.co"})"));
  boost::json::object event = Event("GET", "/{proxy+}", std::string("/people/") + kId1);
  event["pathParameters"] = {{"proxy", std::string("people/") + kId1}};
  const ProxyResponse found = Dispatch(event);
  EXPECT_EQ(found.status_code, 200) << found.body;
}

TEST_F(PeopleRoutesTest, UnknownRoutesAnd405sComeFromTheRouter) {
  EXPECT_EQ(Dispatch(Event("GET", "/nothing", "/nothing")).status_code, 404);
  const ProxyResponse patched =
      Dispatch(Event("PATCH", "/people/{personId}", std::string("/people/") + kId1));
  EXPECT_EQ(patched.status_code, 405);
}

}  // namespace
}  // namespace nimbus::people
