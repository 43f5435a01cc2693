#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include <chrono>

#include "aws/canonical.h"

namespace nimbus::aws {
namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;

// The AWS Signature Version 4 test suite: credentials, scope and time shared by every vector.
constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const auto kSuiteTime = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} + 12h + 36min;
constexpr std::string_view kAuthPrefix =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

SigningParams SuiteParams(std::string service = "service") {
  return {.region = "us-east-1",
          .service = std::move(service),
          .credentials = {std::string(kAccessKey), std::string(kSecret), ""},
          .time = kSuiteTime};
}

HttpRequest SuiteRequest(http::verb method, std::string target) {
  HttpRequest request{method, target, 11};
  request.set(http::field::host, "example.amazonaws.com");
  return request;
}

struct Vector {
  std::string name;
  http::verb method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string expected;  // SignedHeaders=..., Signature=...
};

class SuiteTest : public testing::TestWithParam<Vector> {};

TEST_P(SuiteTest, SignsLikeTheSuite) {
  const Vector& v = GetParam();
  HttpRequest request = SuiteRequest(v.method, v.target);
  for (const auto& [name, value] : v.headers) request.insert(name, value);
  request.body() = v.body;
  SignRequest(request, SuiteParams());
  EXPECT_EQ(request[http::field::authorization], std::string(kAuthPrefix) + v.expected);
  EXPECT_EQ(request["X-Amz-Date"], "20150830T123600Z");

  // And the verifier accepts what the signer produced.
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(VerifySignature(request, *parsed, kSecret, kSuiteTime + 1min).has_value());
}

INSTANTIATE_TEST_SUITE_P(
    AwsSigV4TestSuite, SuiteTest,
    testing::Values(
        Vector{"get_vanilla",
               http::verb::get,
               "/",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
        Vector{"post_vanilla",
               http::verb::post,
               "/",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
        Vector{"get_vanilla_query_order_key_case",
               http::verb::get,
               "/?Param2=value2&Param1=value1",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
        Vector{"get_header_value_trim",
               http::verb::get,
               "/",
               {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}},
               "",
               "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
               "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
        Vector{"get_header_key_duplicate",
               http::verb::get,
               "/",
               {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
               "",
               "SignedHeaders=host;my-header1;x-amz-date, "
               "Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
        Vector{"post_x_www_form_urlencoded",
               http::verb::post,
               "/",
               {{"Content-Type", "application/x-www-form-urlencoded"}},
               "Param1=value1",
               "SignedHeaders=content-type;host;x-amz-date, "
               "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
        Vector{"get_unreserved",
               http::verb::get,
               "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
        Vector{"get_utf8",
               http::verb::get,
               "/\xE1\x88\xB4",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
        Vector{"get_space",
               http::verb::get,
               "/example space/",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
        Vector{"normalize_path_get_relative",
               http::verb::get,
               "/example/..",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
        Vector{"normalize_path_get_slash_dot_slash",
               http::verb::get,
               "/./",
               {},
               "",
               "SignedHeaders=host;x-amz-date, "
               "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"}),
    [](const testing::TestParamInfo<Vector>& info) { return info.param.name; });

TEST(SigV4, SessionTokenIsSignedAndSent) {
  // post-sts-token/post-sts-header-before.
  HttpRequest request = SuiteRequest(http::verb::post, "/");
  SigningParams params = SuiteParams();
  params.credentials.session_token =
      "AQoDYXdzEPT//////////"
      "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuw"
      "thAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU"
      "9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8f"
      "POLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  SignRequest(request, params);
  EXPECT_EQ(request["X-Amz-Security-Token"], params.credentials.session_token);
  EXPECT_EQ(request[http::field::authorization],
            std::string(kAuthPrefix) +
                "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

TEST(SigV4, IamListUsersExample) {
  HttpRequest request{http::verb::get, "/?Action=ListUsers&Version=2010-05-08", 11};
  request.set(http::field::host, "iam.amazonaws.com");
  request.set(http::field::content_type, "application/x-www-form-urlencoded; charset=utf-8");
  SignRequest(request, SuiteParams("iam"));
  EXPECT_EQ(request[http::field::authorization],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, AddsHostWhenMissingAndSkipsProxyHeaders) {
  HttpRequest request{http::verb::post, "/", 11};
  request.set(http::field::user_agent, "nimbus");
  request.set(http::field::connection, "keep-alive");
  SigningParams params = SuiteParams();
  params.host = "127.0.0.1:4566";
  SignRequest(request, params);
  EXPECT_EQ(request[http::field::host], "127.0.0.1:4566");
  EXPECT_NE(request[http::field::authorization].find("SignedHeaders=host;x-amz-date,"),
            std::string::npos);
}

TEST(SigV4, S3SignsThePayloadHashHeader) {
  HttpRequest request = SuiteRequest(http::verb::put, "/bucket/key");
  request.body() = "hello";
  SignRequest(request, SuiteParams("s3"));
  EXPECT_EQ(request["X-Amz-Content-Sha256"],
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_NE(request[http::field::authorization].find("host;x-amz-content-sha256;x-amz-date"),
            std::string::npos);
}

// A signed DynamoDB call, as the SDK's client sends it.
HttpRequest SignedDynamoCall(std::string_view secret, std::chrono::system_clock::time_point time) {
  HttpRequest request{http::verb::post, "/", 11};
  request.set(http::field::host, "127.0.0.1:4566");
  request.set(http::field::content_type, "application/x-amz-json-1.0");
  request.set("X-Amz-Target", "DynamoDB_20120810.GetItem");
  request.body() = R"({"TableName":"people","Key":{"id":{"S":"1"}}})";
  request.prepare_payload();
  SignRequest(request, {.region = "us-east-1",
                        .service = "dynamodb",
                        .credentials = {"test", std::string(secret), ""},
                        .time = time});
  return request;
}

TEST(Verify, RoundTrip) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->access_key_id, "test");
  EXPECT_EQ(parsed->date, "20150830");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->service, "dynamodb");
  EXPECT_EQ(parsed->signed_headers, "content-length;content-type;host;x-amz-date;x-amz-target");
  EXPECT_EQ(parsed->amz_date, "20150830T123600Z");
  EXPECT_TRUE(VerifySignature(request, *parsed, "secret", kSuiteTime).has_value());
  EXPECT_TRUE(CheckCredentialScope(*parsed, "us-east-1", "dynamodb").has_value());
}

void ExpectInvalidSignature(const HttpRequest& request, std::string_view secret) {
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  auto verified = VerifySignature(request, *parsed, secret, kSuiteTime);
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().code, "InvalidSignatureException");
  EXPECT_EQ(verified.error().http_status, 400);
  EXPECT_EQ(verified.error().message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
}

TEST(Verify, TamperedBodyIsRefused) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  request.body() = R"({"TableName":"people","Key":{"id":{"S":"2"}}})";
  ExpectInvalidSignature(request, "secret");
}

TEST(Verify, TamperedSignedHeaderIsRefused) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  request.set("X-Amz-Target", "DynamoDB_20120810.DeleteItem");
  ExpectInvalidSignature(request, "secret");
}

TEST(Verify, TamperedPathIsRefused) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  request.target("/other");
  ExpectInvalidSignature(request, "secret");
}

TEST(Verify, WrongSecretIsRefused) {
  ExpectInvalidSignature(SignedDynamoCall("secret", kSuiteTime), "not-the-secret");
}

TEST(Verify, UnsignedHeadersMayChange) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  request.set(http::field::user_agent, "changed-by-a-proxy");
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(VerifySignature(request, *parsed, "secret", kSuiteTime).has_value());
}

TEST(Verify, ExpiredSignature) {
  const auto signed_at = std::chrono::sys_days{std::chrono::year{2019} / 1 / 1} + 0h;
  HttpRequest request = SignedDynamoCall("secret", signed_at);
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  auto verified = VerifySignature(request, *parsed, "secret", signed_at + 20min);
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().code, "InvalidSignatureException");
  EXPECT_EQ(verified.error().message,
            "Signature expired: 20190101T000000Z is now earlier than 20190101T000500Z "
            "(20190101T002000Z - 15 min.)");
  EXPECT_TRUE(VerifySignature(request, *parsed, "secret", signed_at + 15min).has_value());
}

TEST(Verify, SignatureFromTheFuture) {
  const auto signed_at = std::chrono::sys_days{std::chrono::year{2019} / 1 / 1} + 1h;
  HttpRequest request = SignedDynamoCall("secret", signed_at);
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  auto verified = VerifySignature(request, *parsed, "secret", signed_at - 20min);
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().message,
            "Signature not yet current: 20190101T010000Z is still later than 20190101T005500Z "
            "(20190101T004000Z + 15 min.)");
}

TEST(Verify, WrongScope) {
  HttpRequest request = SignedDynamoCall("secret", kSuiteTime);
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value());
  auto service = CheckCredentialScope(*parsed, "us-east-1", "sns");
  ASSERT_FALSE(service.has_value());
  EXPECT_EQ(service.error().message, "Credential should be scoped to correct service: 'sns'. ");
  auto region = CheckCredentialScope(*parsed, "eu-west-1", "dynamodb");
  ASSERT_FALSE(region.has_value());
  EXPECT_EQ(region.error().code, "InvalidSignatureException");
}

}  // namespace
}  // namespace nimbus::aws
