#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "gateway/api.h"
#include "gateway/gateway.h"

namespace nimbus::gateway {
namespace {

using ::testing::HasSubstr;

constexpr const char* kHead = R"(
openapi: 3.0.1
info: {title: t, version: "1"}
)";

constexpr const char* kIntegration = R"(
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:people/invocations
)";

constexpr const char* kTokenScheme = R"(
components:
  securitySchemes:
    bearer:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth/invocations
        identitySource: method.request.header.Authorization
        identityValidationExpression: "^Bearer .+$"
        authorizerResultTtlInSeconds: 60
    api_key:
      type: apiKey
      name: x-api-key
      in: header
)";

class LoadAuthTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::expected<std::shared_ptr<const Api>, std::string> Load(const std::string& text) {
    std::filesystem::create_directories(dir_);
    auto path = dir_ / "openapi.yaml";
    std::ofstream(path) << text;
    return LoadApi(path, {});
  }
  std::string ErrorOf(const std::string& text) {
    auto api = Load(text);
    EXPECT_FALSE(api.has_value());
    return api ? "" : api.error();
  }
  static const Method& MethodOf(const Api& api, std::string_view path, std::string_view method) {
    for (const auto& r : api.resources) {
      if (r.path == path) return r.methods.at(std::string(method));
    }
    throw std::out_of_range(std::string(path));
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("nimbus_auth_" + std::to_string(::getpid()) + "_" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(LoadAuthTest, TokenAuthorizerOnTheMethodsThatAskForIt) {
  auto api = Load(std::string(kHead) + kTokenScheme + R"(
paths:
  /people:
    get:)" + kIntegration +
                  R"(
    post:
      security:
        - bearer: []
          api_key: [])" +
                  kIntegration);
  ASSERT_TRUE(api.has_value()) << api.error();
  const AuthorizerConfig& config = (*api)->authorizers.at("bearer");
  EXPECT_EQ(config.type, AuthorizerType::kToken);
  EXPECT_EQ(config.function_name, "auth");
  EXPECT_EQ(config.result_ttl, std::chrono::seconds(60));
  EXPECT_EQ(config.identity_validation_expression, "^Bearer .+$");
  ASSERT_EQ(config.identity_sources.size(), 1u);
  EXPECT_EQ(config.identity_sources[0].name, "Authorization");
  EXPECT_FALSE(config.http_api);
  EXPECT_FALSE(MethodOf(**api, "/people", "GET").authorization.has_value());
  EXPECT_EQ(MethodOf(**api, "/people", "POST").authorization->authorizer, "bearer");
  EXPECT_EQ((*api)->authorizers.size(), 1u);  // the API key scheme is not an authorizer
}

TEST_F(LoadAuthTest, DocumentSecurityIsTheDefaultAndAnEmptyListOptsOut) {
  auto api = Load(std::string(kHead) + kTokenScheme + R"(
security:
  - bearer: []
paths:
  /people:
    get:
      security: [])" +
                  kIntegration + R"(
    post:)" + kIntegration);
  ASSERT_TRUE(api.has_value()) << api.error();
  EXPECT_FALSE(MethodOf(**api, "/people", "GET").authorization.has_value());
  EXPECT_TRUE(MethodOf(**api, "/people", "POST").authorization.has_value());
}

TEST_F(LoadAuthTest, RequestAuthorizerDefaultsAndSources) {
  auto api = Load(std::string(kHead) + R"(
components:
  securitySchemes:
    req:
      type: apiKey
      name: Unused
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: arn:aws:lambda:us-east-1:1:function:auth
        identitySource: method.request.header.A, method.request.querystring.b, context.requestId
paths:
  /p:
    get:
      security: [{req: []}])" +
                  kIntegration);
  ASSERT_TRUE(api.has_value()) << api.error();
  const auto& config = (*api)->authorizers.at("req");
  EXPECT_EQ(config.result_ttl, kDefaultAuthorizerResultTtl);
  ASSERT_EQ(config.identity_sources.size(), 3u);
  EXPECT_EQ(config.identity_sources[1].from, IdentitySource::From::kQueryString);
  EXPECT_EQ(config.identity_sources[2].from, IdentitySource::From::kContext);
}

TEST_F(LoadAuthTest, HttpApiLambdaAndJwtAuthorizers) {
  auto api = Load(std::string(kHead) + R"(
components:
  securitySchemes:
    simple:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: arn:aws:lambda:us-east-1:1:function:auth
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
        identitySource: $request.header.Authorization
        authorizerResultTtlInSeconds: 0
    oidc:
      type: oauth2
      x-nimbus-jwks-uri: keys/jwks.json
      x-amazon-apigateway-authorizer:
        type: jwt
        jwtConfiguration:
          issuer: https://issuer.example
          audience: [people-api]
        identitySource: $request.header.Authorization
paths:
  /p:
    get:
      security: [{simple: []}])" +
                  kIntegration + R"(
    post:
      security: [{oidc: [people:write]}])" +
                  kIntegration);
  ASSERT_TRUE(api.has_value()) << api.error();
  const auto& simple = (*api)->authorizers.at("simple");
  EXPECT_TRUE(simple.http_api);
  EXPECT_TRUE(simple.simple_responses);
  EXPECT_EQ(simple.payload_format_version, "2.0");
  EXPECT_EQ(simple.result_ttl.count(), 0);
  const auto& oidc = (*api)->authorizers.at("oidc");
  EXPECT_EQ(oidc.type, AuthorizerType::kJwt);
  EXPECT_EQ(oidc.jwt.audience, std::vector<std::string>{"people-api"});
  EXPECT_EQ(oidc.jwt.jwks_uri, (dir_ / "keys/jwks.json").string());
  EXPECT_EQ(MethodOf(**api, "/p", "POST").authorization->scopes,
            std::vector<std::string>{"people:write"});
}

TEST_F(LoadAuthTest, ErrorsNameThePath) {
  std::string paths = R"(
paths:
  /p:
    get:)" + std::string(kIntegration);
  auto scheme = [&](std::string body) {
    return std::string(kHead) + R"(
components:
  securitySchemes:
    s:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
)" + body + paths;
  };
  EXPECT_THAT(ErrorOf(scheme("        type: token\n")), HasSubstr("missing authorizerUri"));
  EXPECT_THAT(ErrorOf(scheme("        type: magic\n")),
              HasSubstr("components.securitySchemes.s.x-amazon-apigateway-authorizer.type"));
  EXPECT_THAT(
      ErrorOf(scheme(
          "        type: token\n        authorizerUri: arn:aws:lambda:us-east-1:1:function:a\n     "
          "   authorizerResultTtlInSeconds: 3601\n")),
      HasSubstr("authorizerResultTtlInSeconds: must be an integer from 0 to 3600"));
  EXPECT_THAT(
      ErrorOf(scheme(
          "        type: token\n        authorizerUri: arn:aws:lambda:us-east-1:1:function:a\n     "
          "   identityValidationExpression: \"([\"\n")),
      HasSubstr("not a valid regular expression"));
  EXPECT_THAT(
      ErrorOf(scheme(
          "        type: request\n        authorizerUri: arn:aws:lambda:us-east-1:1:function:a\n")),
      HasSubstr("identitySource: required when authorizerResultTtlInSeconds is not 0"));
  EXPECT_THAT(ErrorOf(scheme("        type: token\n        authorizerUri: "
                             "arn:aws:lambda:us-east-1:1:function:a\n        bogus: 1\n")),
              HasSubstr("bogus: unknown authorizer field"));
  EXPECT_THAT(ErrorOf(std::string(kHead) + R"(
paths:
  /p:
    get:
      security: [{nope: []}])" +
                      kIntegration),
              HasSubstr("paths./p.get.security[0].nope: no security scheme nope"));
  // The extension anywhere else is still refused.
  EXPECT_THAT(ErrorOf(std::string(kHead) + R"(
paths:
  /p:
    get:
      x-amazon-apigateway-authorizer: {})" +
                      kIntegration),
              HasSubstr("paths./p.get.x-amazon-apigateway-authorizer: unknown extension"));
}

}  // namespace
}  // namespace nimbus::gateway
