#include "nimbus/sdk/router.h"

#include <gtest/gtest.h>

namespace nimbus::sdk {
namespace {

using apigw::ProxyRequest;
using apigw::ProxyResponse;

ProxyRequest Request(std::string method, std::string path, std::string resource = "") {
  ProxyRequest request;
  request.http_method = std::move(method);
  request.path = std::move(path);
  request.resource = std::move(resource);
  return request;
}

// Each handler answers with its name and the path parameters it saw.
Router::Handler Named(std::string name) {
  return [name](const ProxyRequest& request) {
    ProxyResponse response;
    response.body = name;
    for (const auto& [key, value] : request.path_parameters) {
      response.body += " " + key + "=" + value;
    }
    return response;
  };
}

Router PeopleRouter() {
  Router router;
  router.Add("GET", "/people", Named("list"))
      .Add("POST", "/people", Named("create"))
      .Add("GET", "/people/{personId}", Named("get"))
      .Add("PUT", "/people/{personId}", Named("replace"))
      .Add("GET", "/people/search", Named("search"))
      .Add("GET", "/files/{path+}", Named("file"))
      .Add("ANY", "/anything", Named("any"));
  return router;
}

TEST(Router, MatchesLiteralPaths) {
  Router router = PeopleRouter();
  EXPECT_EQ(router.Dispatch(Request("GET", "/people")).body, "list");
  EXPECT_EQ(router.Dispatch(Request("POST", "/people")).body, "create");
  EXPECT_EQ(router.Dispatch(Request("GET", "/people/")).body, "list");
}

TEST(Router, FillsDecodedPathParameters) {
  Router router = PeopleRouter();
  EXPECT_EQ(router.Dispatch(Request("GET", "/people/42")).body, "get personId=42");
  EXPECT_EQ(router.Dispatch(Request("PUT", "/people/a%20b%2Fc")).body, "replace personId=a b/c");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router router = PeopleRouter();
  EXPECT_EQ(router.Dispatch(Request("GET", "/people/search")).body, "search");
}

TEST(Router, GreedyParameterTakesTheRest) {
  Router router = PeopleRouter();
  EXPECT_EQ(router.Dispatch(Request("GET", "/files/a/b%20c/d")).body, "file path=a/b c/d");
  EXPECT_EQ(router.Dispatch(Request("GET", "/files")).status_code, 404);
}

TEST(Router, AnyMatchesEveryMethod) {
  Router router = PeopleRouter();
  EXPECT_EQ(router.Dispatch(Request("DELETE", "/anything")).body, "any");
}

TEST(Router, UsesTheResourceApiGatewayMatched) {
  Router router = PeopleRouter();
  ProxyRequest request = Request("GET", "/people/7", "/people/{personId}");
  request.path_parameters["personId"] = "7";
  EXPECT_EQ(router.Dispatch(request).body, "get personId=7");
  // A {proxy+} resource we do not know: the path decides.
  EXPECT_EQ(router.Dispatch(Request("GET", "/people/search", "/{proxy+}")).body, "search");
}

TEST(Router, UnknownPathIs404) {
  ProxyResponse response = PeopleRouter().Dispatch(Request("GET", "/nothing/here"));
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.headers["Content-Type"], "application/json");
  EXPECT_EQ(response.body, R"({"message":"Not Found"})");
}

TEST(Router, WrongMethodIs405WithAllow) {
  ProxyResponse response = PeopleRouter().Dispatch(Request("DELETE", "/people/1"));
  EXPECT_EQ(response.status_code, 405);
  EXPECT_EQ(response.headers["Allow"], "GET, PUT");
  EXPECT_EQ(response.body, R"({"message":"Method Not Allowed"})");

  ProxyResponse by_resource = PeopleRouter().Dispatch(Request("PATCH", "/people", "/people"));
  EXPECT_EQ(by_resource.status_code, 405);
  EXPECT_EQ(by_resource.headers["Allow"], "GET, POST");
}

}  // namespace
}  // namespace nimbus::sdk
