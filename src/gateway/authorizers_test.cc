// The authorize step through Gateway::Handle, with a fake Lambda and an injected clock.
#include "gateway/authorizers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include "gateway/gateway.h"
#include "gateway/jwt.h"
#include "gateway/jwt_test_keys.h"

namespace nimbus::gateway {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Outcome = lambda::InvokeResult::Outcome;
using std::chrono::seconds;

constexpr const char* kAllowAll =
    R"({"principalId":"alice","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:000000000000:api1/dev/*/*"}]},"context":{"role":"admin","level":3,"ok":true}})";

// Answers the authorizer function with `authorizer_result` and everything else with 200.
class FakeInvoker : public lambda::Invoker {
 public:
  asio::awaitable<lambda::InvokeResult> Invoke(std::string function_name,
                                               std::string payload) override {
    calls.emplace_back(function_name, payload);
    if (function_name == "auth") co_return authorizer_result;
    co_return lambda::InvokeResult{.payload = R"({"statusCode":200,"body":"ok"})"};
  }
  std::size_t CallsTo(std::string_view name) const {
    return std::ranges::count_if(calls, [&](const auto& c) { return c.first == name; });
  }
  json::object LastEventOf(std::string_view name) const {
    for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
      if (it->first == name) return json::parse(it->second).as_object();
    }
    return {};
  }

  lambda::InvokeResult authorizer_result{.payload = kAllowAll};
  std::vector<std::pair<std::string, std::string>> calls;
};

Integration Function(std::string name, std::string version = "1.0") {
  return Integration{.function_name = std::move(name),
                     .payload_format_version = std::move(version)};
}

class AuthorizersTest : public ::testing::Test {
 protected:
  // /open: no authorizer; /people and /people/{id}: the authorizer named `authorizer`.
  std::shared_ptr<Api> MakeApi(AuthorizerConfig authorizer, std::vector<std::string> scopes = {},
                               std::string payload_version = "1.0") {
    auto api = std::make_shared<Api>();
    MethodAuthorization auth{.authorizer = authorizer.name, .scopes = std::move(scopes)};
    Resource open{.path = "/open", .id = "open01"};
    open.methods.emplace(
        "GET", Method{.http_method = "GET", .integration = Function("people", payload_version)});
    Resource people{.path = "/people", .id = "ppl001"};
    people.methods.emplace("POST", Method{.http_method = "POST",
                                          .integration = Function("people", payload_version),
                                          .authorization = auth});
    Resource person{.path = "/people/{id}", .id = "ppl002"};
    person.methods.emplace("ANY", Method{.http_method = "ANY",
                                         .integration = Function("people", payload_version),
                                         .authorization = auth});
    api->resources = {open, people, person};
    api->authorizers.emplace(authorizer.name, std::move(authorizer));
    return api;
  }

  static AuthorizerConfig Token(std::chrono::seconds ttl = seconds(300)) {
    return AuthorizerConfig{
        .name = "bearer",
        .type = AuthorizerType::kToken,
        .function_name = "auth",
        .identity_sources = {{.from = IdentitySource::From::kHeader,
                              .name = "Authorization",
                              .expression = "method.request.header.Authorization"}},
        .result_ttl = ttl};
  }

  net::Response Send(std::shared_ptr<const Api> api, net::http::verb verb, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    GatewayOptions options{.api_id = "api1", .stage = "dev"};
    options.clock = [this] { return now_; };
    if (!gateway_ || api != api_) {
      api_ = api;
      gateway_ = std::make_unique<Gateway>(options, api, invoker_);
    }
    net::Request request{verb, target, 11};
    request.set(net::http::field::host, "localhost:3000");
    for (const auto& [k, v] : headers) request.set(k, v);
    net::Peer peer{.remote = {asio::ip::make_address("10.1.2.3"), 5555},
                   .local = {asio::ip::make_address("127.0.0.1"), 3000}};
    auto future = asio::co_spawn(io_, gateway_->Handle(std::move(request), peer), asio::use_future);
    io_.run();
    io_.restart();
    return future.get();
  }

  std::chrono::system_clock::time_point now_{seconds(1'700'000'000)};
  asio::io_context io_;
  FakeInvoker invoker_;
  std::shared_ptr<const Api> api_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(AuthorizersTest, MethodWithoutAuthorizerIsOpen) {
  auto r = Send(MakeApi(Token()), net::http::verb::get, "/open");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(invoker_.CallsTo("auth"), 0u);
  EXPECT_FALSE(
      invoker_.LastEventOf("people").at("requestContext").as_object().contains("authorizer"));
}

TEST_F(AuthorizersTest, TokenAuthorizerGetsTheTokenAndMethodArn) {
  auto r = Send(MakeApi(Token()), net::http::verb::post, "/people?x=1",
                {{"Authorization", "Bearer abc"}});
  EXPECT_EQ(r.result_int(), 200) << r.body();
  json::object event = invoker_.LastEventOf("auth");
  EXPECT_EQ(
      json::serialize(event),
      R"({"type":"TOKEN","authorizationToken":"Bearer abc","methodArn":"arn:aws:execute-api:us-east-1:000000000000:api1/dev/POST/people"})");
  // The integration sees principalId, integrationLatency and the context as strings.
  json::object authorizer =
      invoker_.LastEventOf("people").at("requestContext").at("authorizer").as_object();
  EXPECT_EQ(authorizer.at("principalId"), "alice");
  EXPECT_TRUE(authorizer.at("integrationLatency").is_int64());
  EXPECT_EQ(authorizer.at("role"), "admin");
  EXPECT_EQ(authorizer.at("level"), "3");
  EXPECT_EQ(authorizer.at("ok"), "true");
}

TEST_F(AuthorizersTest, MissingOrEmptyTokenIs401WithoutInvoking) {
  auto api = MakeApi(Token());
  for (auto headers : {std::vector<std::pair<std::string, std::string>>{},
                       std::vector<std::pair<std::string, std::string>>{{"Authorization", ""}}}) {
    auto r = Send(api, net::http::verb::post, "/people", headers);
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_EQ(r.body(), R"({"message":"Unauthorized"})");
    EXPECT_EQ(r["x-amzn-ErrorType"], "UnauthorizedException");
    EXPECT_FALSE(r["x-amzn-RequestId"].empty());
  }
  EXPECT_EQ(invoker_.calls.size(), 0u);
}

TEST_F(AuthorizersTest, ValidationExpressionRefusesBeforeInvoking) {
  auto config = Token();
  config.identity_validation_expression = "^Bearer [-0-9a-zA-Z._]+$";
  auto api = MakeApi(config);
  EXPECT_EQ(
      Send(api, net::http::verb::post, "/people", {{"Authorization", "Basic abc"}}).result_int(),
      401);
  EXPECT_EQ(invoker_.calls.size(), 0u);
  EXPECT_EQ(
      Send(api, net::http::verb::post, "/people", {{"Authorization", "Bearer a.b-c"}}).result_int(),
      200);
  // The longest token is still matched; one byte more is refused without matching.
  std::string longest = "Bearer " + std::string(kMaxValidatedTokenBytes - 7, 'a');
  EXPECT_EQ(Send(api, net::http::verb::post, "/people", {{"Authorization", longest}}).result_int(),
            200);
  EXPECT_EQ(
      Send(api, net::http::verb::post, "/people", {{"Authorization", longest + "a"}}).result_int(),
      401);
}

TEST_F(AuthorizersTest, UnauthorizedErrorIs401AndOtherFailuresAre500) {
  auto api = MakeApi(Token(seconds(0)));
  invoker_.authorizer_result = {.outcome = Outcome::kFunctionError,
                                .payload = R"({"errorMessage":"Unauthorized","errorType":"Error"})",
                                .function_error = "Unhandled"};
  auto r = Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}});
  EXPECT_EQ(r.result_int(), 401);
  EXPECT_EQ(r.body(), R"({"message":"Unauthorized"})");

  invoker_.authorizer_result.payload = R"({"errorMessage":"boom","errorType":"Error"})";
  r = Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}});
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(r.body(), R"({"message":null})");
  EXPECT_EQ(r["x-amzn-ErrorType"], "AuthorizerConfigurationException");

  for (std::string garbage :
       {"not json", R"({"principalId":"a"})",
        R"({"principalId":"a","policyDocument":{"Statement":[]},"context":{"o":[1]}})"}) {
    invoker_.authorizer_result = {.payload = garbage};
    r = Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}});
    EXPECT_EQ(r.result_int(), 500) << garbage;
    EXPECT_EQ(r["x-amzn-ErrorType"], "AuthorizerConfigurationException");
  }
  invoker_.authorizer_result = {.outcome = Outcome::kServiceError,
                                .error_type = "ResourceNotFoundException"};
  EXPECT_EQ(Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}}).result_int(),
            500);
  EXPECT_EQ(invoker_.CallsTo("people"), 0u);
}

TEST_F(AuthorizersTest, ExplicitAndImplicitDenyAre403) {
  auto api = MakeApi(Token(seconds(0)));
  invoker_.authorizer_result.payload =
      R"({"principalId":"a","policyDocument":{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"},{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:*:*:api1/dev/DELETE/*"}]}})";
  auto r = Send(api, net::http::verb::delete_, "/people/7", {{"Authorization", "t"}});
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_EQ(
      r.body(),
      R"({"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"})");
  EXPECT_EQ(r["x-amzn-ErrorType"], "AccessDeniedException");
  EXPECT_EQ(Send(api, net::http::verb::get, "/people/7", {{"Authorization", "t"}}).result_int(),
            200);

  invoker_.authorizer_result.payload =
      R"({"principalId":"a","policyDocument":{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:*:*:api1/dev/GET/people/?"}]}})";
  r = Send(api, net::http::verb::get, "/people/77", {{"Authorization", "t"}});
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_EQ(r.body(), R"({"Message":"User is not authorized to access this resource"})");
  EXPECT_EQ(Send(api, net::http::verb::get, "/people/7", {{"Authorization", "t"}}).result_int(),
            200);
}

TEST_F(AuthorizersTest, ResultsAreCachedPerTokenForTheTtlAndJudgedPerMethod) {
  auto api = MakeApi(Token(seconds(60)));
  invoker_.authorizer_result.payload =
      R"({"principalId":"a","policyDocument":{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*/GET/*"}]}})";
  EXPECT_EQ(Send(api, net::http::verb::get, "/people/1", {{"Authorization", "one"}}).result_int(),
            200);
  EXPECT_EQ(Send(api, net::http::verb::get, "/people/2", {{"Authorization", "one"}}).result_int(),
            200);
  // The cached policy does not allow POST: judged against this request's ARN.
  EXPECT_EQ(Send(api, net::http::verb::post, "/people", {{"Authorization", "one"}}).result_int(),
            403);
  EXPECT_EQ(invoker_.CallsTo("auth"), 1u);
  // Another token is another cache entry.
  Send(api, net::http::verb::get, "/people/1", {{"Authorization", "two"}});
  EXPECT_EQ(invoker_.CallsTo("auth"), 2u);
  now_ += seconds(59);
  Send(api, net::http::verb::get, "/people/1", {{"Authorization", "one"}});
  EXPECT_EQ(invoker_.CallsTo("auth"), 2u);
  now_ += seconds(1);
  Send(api, net::http::verb::get, "/people/1", {{"Authorization", "one"}});
  EXPECT_EQ(invoker_.CallsTo("auth"), 3u);
}

TEST_F(AuthorizersTest, TtlZeroInvokesEveryTime) {
  auto api = MakeApi(Token(seconds(0)));
  for (int i = 0; i < 3; ++i) Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}});
  EXPECT_EQ(invoker_.CallsTo("auth"), 3u);
}

TEST_F(AuthorizersTest, RequestAuthorizerEventMatchesTheFixtureShape) {
  AuthorizerConfig config{
      .name = "req",
      .type = AuthorizerType::kRequest,
      .function_name = "auth",
      .identity_sources = {{.from = IdentitySource::From::kHeader, .name = "HeaderAuth1"},
                           {.from = IdentitySource::From::kQueryString, .name = "QueryString1"}}};
  auto api = MakeApi(config);
  auto r = Send(api, net::http::verb::get, "/people/9?QueryString1=queryValue1",
                {{"HeaderAuth1", "headerValue1"}});
  EXPECT_EQ(r.result_int(), 200);
  json::object event = invoker_.LastEventOf("auth");
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) +
                   "/apigw-custom-auth-request-type-request.json");
  std::stringstream text;
  text << in.rdbuf();
  json::object fixture = json::parse(text.str()).as_object();
  for (const auto& [key, value] : fixture) {
    ASSERT_TRUE(event.contains(key)) << key;
    EXPECT_EQ(event.at(key).kind(), value.kind()) << key;
  }
  for (const auto& [key, value] : event) EXPECT_TRUE(fixture.contains(key)) << key;
  EXPECT_EQ(event.at("methodArn"),
            "arn:aws:execute-api:us-east-1:000000000000:api1/dev/GET/people/9");
  EXPECT_EQ(event.at("resource"), "/people/{id}");
  EXPECT_EQ(event.at("pathParameters").at("id"), "9");
  EXPECT_EQ(event.at("headers").at("HeaderAuth1"), "headerValue1");
  // A missing source is a 401.
  EXPECT_EQ(Send(api, net::http::verb::get, "/people/9", {{"HeaderAuth1", "h"}}).result_int(), 401);
}

TEST_F(AuthorizersTest, HttpApiSimpleResponsesV2) {
  AuthorizerConfig config{
      .name = "simple",
      .type = AuthorizerType::kRequest,
      .function_name = "auth",
      .identity_sources = {{.from = IdentitySource::From::kHeader, .name = "Authorization"}},
      .http_api = true,
      .payload_format_version = "2.0",
      .simple_responses = true};
  auto api = MakeApi(config, {}, "2.0");
  invoker_.authorizer_result.payload = R"({"isAuthorized":true,"context":{"user":{"id":1}}})";
  auto r =
      Send(api, net::http::verb::post, "/people", {{"Authorization", "t"}, {"Cookie", "a=1; b=2"}});
  EXPECT_EQ(r.result_int(), 200);
  json::object event = invoker_.LastEventOf("auth");
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) +
                   "/apigw-v2-custom-authorizer-v2-request.json");
  std::stringstream text;
  text << in.rdbuf();
  json::object fixture = json::parse(text.str()).as_object();
  for (const auto& [key, value] : event) {
    ASSERT_TRUE(fixture.contains(key)) << key;
    EXPECT_EQ(fixture.at(key).kind(), value.kind()) << key;
  }
  EXPECT_EQ(event.at("identitySource"), json::array{"t"});
  EXPECT_EQ(event.at("cookies"), (json::array{"a=1", "b=2"}));
  EXPECT_EQ(event.at("routeArn"),
            "arn:aws:execute-api:us-east-1:000000000000:api1/dev/POST/people");
  EXPECT_EQ(json::serialize(invoker_.LastEventOf("people").at("requestContext").at("authorizer")),
            R"({"lambda":{"user":{"id":1}}})");

  invoker_.authorizer_result.payload = R"({"isAuthorized":false})";
  r = Send(api, net::http::verb::post, "/people", {{"Authorization", "u"}});
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_EQ(r.body(), R"({"message":"Forbidden"})");
  r = Send(api, net::http::verb::post, "/people");
  EXPECT_EQ(r.result_int(), 401);
  EXPECT_EQ(r.body(), R"({"message":"Unauthorized"})");
  invoker_.authorizer_result.payload = R"({"nope":1})";
  r = Send(api, net::http::verb::post, "/people", {{"Authorization", "v"}});
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(r.body(), R"({"message":"Internal Server Error"})");
}

TEST_F(AuthorizersTest, HttpApiPayloadV1EventMatchesTheFixtureShape) {
  AuthorizerConfig config{
      .name = "v1",
      .type = AuthorizerType::kRequest,
      .function_name = "auth",
      .identity_sources = {{.from = IdentitySource::From::kHeader, .name = "A"},
                           {.from = IdentitySource::From::kHeader, .name = "B"}},
      .http_api = true};
  auto api = MakeApi(config);
  EXPECT_EQ(
      Send(api, net::http::verb::post, "/people", {{"A", "user1"}, {"B", "123"}}).result_int(),
      200);
  json::object event = invoker_.LastEventOf("auth");
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) +
                   "/apigw-v2-custom-authorizer-v1-request.json");
  std::stringstream text;
  text << in.rdbuf();
  json::object fixture = json::parse(text.str()).as_object();
  for (const auto& [key, value] : fixture) {
    ASSERT_TRUE(event.contains(key)) << key;
    EXPECT_EQ(event.at(key).kind(), value.kind()) << key;
  }
  EXPECT_EQ(event.size(), fixture.size());
  EXPECT_EQ(event.at("identitySource"), "user1,123");
}

class JwtAuthorizerTest : public AuthorizersTest {
 protected:
  void SetUp() override {
    pem_ = jwt::testing::NewP256Pem();
    jwks_ = json::serialize(json::object{{"keys", json::array{*jwt::PublicJwkOf(pem_, "k1")}}});
  }
  AuthorizerConfig Config() {
    return AuthorizerConfig{
        .name = "jwt",
        .type = AuthorizerType::kJwt,
        .identity_sources = {{.from = IdentitySource::From::kHeader, .name = "Authorization"}},
        .result_ttl = seconds(0),
        .http_api = true,
        .jwt = {.issuer = "https://issuer.example",
                .audience = {"people-api"},
                .jwks_uri = jwks_path_.string()}};
  }
  std::string Mint(json::object claims) {
    return "Bearer " + *jwt::SignWithPem("ES256", pem_, claims, "k1");
  }
  json::object Claims() {
    return {{"sub", "alice"},
            {"iss", "https://issuer.example"},
            {"aud", "people-api"},
            {"exp", 1'700'000'600},
            {"scope", "people:write"}};
  }
  void WriteJwks() { std::ofstream(jwks_path_) << jwks_; }
  void TearDown() override { std::filesystem::remove(jwks_path_); }

  std::string pem_;
  std::string jwks_;
  std::filesystem::path jwks_path_ = std::filesystem::temp_directory_path() /
                                     ("nimbus_jwks_" + std::to_string(::getpid()) + ".json");
};

TEST_F(JwtAuthorizerTest, ValidTokenPassesClaimsAndScopes) {
  WriteJwks();
  auto api = MakeApi(Config(), {"people:write"}, "2.0");
  auto r = Send(api, net::http::verb::post, "/people", {{"Authorization", Mint(Claims())}});
  EXPECT_EQ(r.result_int(), 200) << r.body();
  json::object authorizer =
      invoker_.LastEventOf("people").at("requestContext").at("authorizer").as_object();
  EXPECT_EQ(authorizer.at("jwt").at("claims").at("sub"), "alice");
  EXPECT_EQ(authorizer.at("jwt").at("claims").at("exp"), "1700000600");
  EXPECT_EQ(authorizer.at("jwt").at("scopes"), json::array{"people:write"});
  EXPECT_EQ(invoker_.CallsTo("auth"), 0u);
}

TEST_F(JwtAuthorizerTest, RefusedTokensAsHttpApisAnswer) {
  WriteJwks();
  auto api = MakeApi(Config(), {"people:write"}, "2.0");
  auto status = [&](std::string header) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!header.empty()) headers.emplace_back("Authorization", header);
    auto r = Send(api, net::http::verb::post, "/people", headers);
    if (r.result_int() == 401) {
      EXPECT_EQ(r.body(), R"({"message":"Unauthorized"})");
    }
    if (r.result_int() == 403) {
      EXPECT_EQ(r.body(), R"({"message":"Forbidden"})");
    }
    return r.result_int();
  };
  EXPECT_EQ(status(""), 401);
  EXPECT_EQ(status("Bearer not-a-token"), 401);
  auto expired = Claims();
  expired["exp"] = 1'700'000'000 - 60;
  EXPECT_EQ(status(Mint(expired)), 401);
  auto audience = Claims();
  audience["aud"] = "other";
  EXPECT_EQ(status(Mint(audience)), 401);
  auto issuer = Claims();
  issuer["iss"] = "https://evil.example";
  EXPECT_EQ(status(Mint(issuer)), 401);
  EXPECT_EQ(
      status("Bearer " + *jwt::SignWithPem("ES256", jwt::testing::NewP256Pem(), Claims(), "k1")),
      401);
  EXPECT_EQ(status("Bearer " + jwt::SignHs256(Claims(), "secret")), 401);
  auto scopes = Claims();
  scopes["scope"] = "people:read";
  EXPECT_EQ(status(Mint(scopes)), 403);
  auto client = Claims();
  client.erase("aud");
  client["client_id"] = "people-api";
  EXPECT_EQ(status(Mint(client)), 200);
}

TEST_F(JwtAuthorizerTest, MissingJwksIs500) {
  auto api = MakeApi(Config(), {}, "2.0");
  auto r = Send(api, net::http::verb::post, "/people", {{"Authorization", Mint(Claims())}});
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(r.body(), R"({"message":"Internal Server Error"})");
}

}  // namespace
}  // namespace nimbus::gateway
