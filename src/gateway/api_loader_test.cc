#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "gateway/api.h"
#include "gateway/gateway.h"

namespace nimbus::gateway {
namespace {

using ::testing::HasSubstr;

constexpr const char* kIntegration = R"(
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account_id}:function:people/invocations
)";

class LoadApiTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& text, const std::string& name = "openapi.yaml") {
    std::filesystem::create_directories(dir_);
    auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  std::expected<std::shared_ptr<const Api>, std::string> Load(const std::string& text) {
    return LoadApi(Write(text), vars_);
  }

  // An error for `text`, which must fail to load.
  std::string ErrorOf(const std::string& text) {
    auto api = Load(text);
    EXPECT_FALSE(api.has_value());
    return api ? "" : api.error();
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("nimbus_gateway_" + std::to_string(::getpid()) + "_" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::map<std::string, std::string> vars_ = {{"region", "us-east-1"},
                                              {"account_id", "123456789012"}};
};

std::string Doc(const std::string& paths) {
  return "openapi: 3.0.1\ninfo:\n  title: people\n  version: '1.0'\npaths:\n" + paths;
}

std::string Op(const std::string& path, const std::string& method,
               const std::string& integration = kIntegration) {
  return "  " + path + ":\n    " + method + ":" + integration;
}

TEST_F(LoadApiTest, LoadsMethodsAndFunctionNames) {
  auto api = Load(Doc(Op("/people", "get") + "    post:" + kIntegration +
                      Op("/people/{id}", "x-amazon-apigateway-any-method")));
  ASSERT_TRUE(api.has_value()) << api.error();
  const Api& a = **api;
  EXPECT_EQ(a.title, "people");
  ASSERT_EQ(a.resources.size(), 2u);
  EXPECT_EQ(a.resources[0].path, "/people");
  EXPECT_EQ(a.resources[0].id.size(), 6u);
  ASSERT_TRUE(a.resources[0].methods.contains("GET"));
  ASSERT_TRUE(a.resources[0].methods.contains("POST"));
  const Integration& i = a.resources[0].methods.at("GET").integration;
  EXPECT_EQ(i.function_name, "people");
  EXPECT_EQ(i.function_arn, "arn:aws:lambda:us-east-1:123456789012:function:people");
  EXPECT_EQ(i.payload_format_version, "1.0");
  EXPECT_EQ(i.timeout, std::chrono::milliseconds(29000));
  EXPECT_TRUE(a.resources[1].methods.contains("ANY"));
}

TEST_F(LoadApiTest, ReadsJsonAndBareFunctionArnAndTimeout) {
  auto api = Load(R"({"openapi": "3.0.1", "paths": {"/x": {"get": {
      "operationId": "GetX",
      "x-amazon-apigateway-integration": {"type": "AWS_PROXY", "httpMethod": "POST",
        "uri": "arn:aws:lambda:us-east-1:1:function:xfn:live", "timeoutInMillis": 5000,
        "payloadFormatVersion": "1.0", "passthroughBehavior": "when_no_match"}}}}})");
  ASSERT_TRUE(api.has_value()) << api.error();
  const Method& m = (*api)->resources[0].methods.at("GET");
  EXPECT_EQ(m.operation_id, "GetX");
  EXPECT_EQ(m.integration.function_name, "xfn");
  EXPECT_EQ(m.integration.qualifier, "live");
  EXPECT_EQ(m.integration.timeout, std::chrono::milliseconds(5000));
}

TEST_F(LoadApiTest, EscapedPlaceholderStaysLiteral) {
  auto api = Load(Doc(Op("/people", "get")) + "x-note: $${literal}\n");
  ASSERT_TRUE(api.has_value()) << api.error();
}

TEST_F(LoadApiTest, MissingUriNamesFileAndPath) {
  auto path = Write(Doc(Op("/people", "get", R"(
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
)")));
  auto api = LoadApi(path, vars_);
  ASSERT_FALSE(api.has_value());
  EXPECT_EQ(api.error(),
            path.string() + ": paths./people.get.x-amazon-apigateway-integration: missing uri");
}

TEST_F(LoadApiTest, UnknownPlaceholder) {
  vars_.erase("account_id");
  auto error = ErrorOf(Doc(Op("/people", "get")));
  EXPECT_THAT(error,
              HasSubstr("openapi.yaml: paths./people.get.x-amazon-apigateway-integration.uri: "
                        "unknown placeholder ${account_id}"));
}

TEST_F(LoadApiTest, UnsupportedIntegrationType) {
  auto error = ErrorOf(Doc(Op("/people", "get", R"(
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: https://example.com
)")));
  EXPECT_THAT(error, HasSubstr("paths./people.get.x-amazon-apigateway-integration.type: "
                               "integration type http_proxy is not supported"));
}

TEST_F(LoadApiTest, IntegrationFieldErrors) {
  auto with = [&](const std::string& extra, const std::string& method = "POST",
                  const std::string& uri = "arn:aws:lambda:us-east-1:1:function:f") {
    return ErrorOf(Doc(Op("/p", "get",
                          "\n      x-amazon-apigateway-integration:\n"
                          "        type: aws_proxy\n        httpMethod: " +
                              method + "\n        uri: " + uri + "\n" + extra)));
  };
  EXPECT_THAT(with("", "GET"), HasSubstr("integration.httpMethod: must be POST"));
  EXPECT_THAT(with("", "POST", "arn:aws:s3:::bucket"), HasSubstr("integration.uri: not a Lambda"));
  EXPECT_THAT(with("        timeoutInMillis: 30000\n"),
              HasSubstr("integration.timeoutInMillis: must be between 50 and 29000"));
  EXPECT_THAT(with("        timeoutInMillis: soon\n"),
              HasSubstr("integration.timeoutInMillis: must be an integer"));
  EXPECT_THAT(with("        payloadFormatVersion: '2.0'\n"),
              HasSubstr("integration.payloadFormatVersion: a REST API proxy integration"));
  EXPECT_THAT(with("        colour: blue\n"),
              HasSubstr("integration.colour: unknown integration field"));
  EXPECT_THAT(with("        contentHandling: CONVERT_TO_TEXT\n"),
              HasSubstr("integration.contentHandling: not supported yet"));
}

TEST_F(LoadApiTest, MissingIntegration) {
  EXPECT_THAT(ErrorOf(Doc("  /p:\n    get:\n      operationId: x\n")),
              HasSubstr("paths./p.get: missing x-amazon-apigateway-integration"));
}

TEST_F(LoadApiTest, UnknownExtensionIsAnError) {
  EXPECT_THAT(ErrorOf(Doc(Op("/p", "get")) + "x-amazon-apigateway-colour: blue\n"),
              HasSubstr("openapi.yaml: x-amazon-apigateway-colour: unknown extension"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p", "get") + "      x-amazon-apigateway-request-validator: all\n")),
              HasSubstr("paths./p.get.x-amazon-apigateway-request-validator: "
                        "unknown request validator all"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p", "get")) +
                      "components:\n  securitySchemes:\n    jwt:\n      type: apiKey\n"
                      "      x-amazon-apigateway-authorizer: {type: token}\n"),
              HasSubstr("components.securitySchemes.jwt.x-amazon-apigateway-authorizer: "
                        "missing authorizerUri"));
  // An extension that means nothing locally is accepted.
  EXPECT_TRUE(Load(Doc(Op("/p", "get")) +
                   "x-amazon-apigateway-endpoint-configuration: {types: [REGIONAL]}\n")
                  .has_value());
}

TEST_F(LoadApiTest, DocumentLevelErrors) {
  EXPECT_THAT(ErrorOf("swagger: '2.0'\npaths: {}\n"),
              HasSubstr("openapi.yaml: swagger: only OpenAPI 3"));
  EXPECT_THAT(ErrorOf("openapi: 3.0.1\n"), HasSubstr("openapi.yaml: missing paths"));
  EXPECT_THAT(ErrorOf("openapi: 3.0.1\npaths: [\n"), HasSubstr("openapi.yaml:"));
  EXPECT_THAT(LoadApi("/nonexistent/openapi.yaml", vars_).error(),
              HasSubstr("/nonexistent/openapi.yaml: cannot open"));
}

TEST_F(LoadApiTest, PathErrors) {
  EXPECT_THAT(ErrorOf(Doc(Op("/p/{a+}/q", "get"))),
              HasSubstr("paths./p/{a+}/q: a greedy path parameter must be the last segment"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p/x{a}", "get"))),
              HasSubstr("paths./p/x{a}: a path parameter must be a whole segment"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p/{a}", "get") + Op("/p/{b}", "get"))),
              HasSubstr("paths: /p/{b}: conflicts with the sibling path parameter {a}"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p", "trace"))), HasSubstr("paths./p.trace: trace is not supported"));
  EXPECT_THAT(ErrorOf(Doc(Op("/p", "fetch"))), HasSubstr("paths./p.fetch: unknown field fetch"));
}

}  // namespace
}  // namespace nimbus::gateway
