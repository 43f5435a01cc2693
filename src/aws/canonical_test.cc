#include "aws/canonical.h"

#include <gtest/gtest.h>

#include "aws/crypto.h"

namespace nimbus::aws::sigv4 {
namespace {

namespace http = boost::beast::http;
constexpr std::string_view kEmptyHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(Canonical, QueryOrderKeyCaseVector) {
  HttpRequest request{http::verb::get, "/?Param2=value2&Param1=value1", 11};
  request.set(http::field::host, "example.amazonaws.com");
  request.set("X-Amz-Date", "20150830T123600Z");
  const std::string canonical = CanonicalRequest(request, "service", {"host", "x-amz-date"});
  EXPECT_EQ(canonical,
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
                std::string(kEmptyHash));
  EXPECT_EQ(StringToSign("20150830T123600Z", CredentialScope("20150830", "us-east-1", "service"),
                         canonical),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
}

TEST(Canonical, IamSigningKey) {
  EXPECT_EQ(HexEncode(SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830",
                                 "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(Canonical, UriEncoding) {
  EXPECT_EQ(UriEncode("a b/c~d*e", false), "a%20b%2Fc~d%2Ae");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriDecode("a%20b%2fc+d%zz"), "a b/c+d%zz");
}

TEST(Canonical, PathIsEncodedTwiceExceptForS3) {
  EXPECT_EQ(CanonicalUri("/documents%20and%20settings/", "service"),
            "/documents%2520and%2520settings/");
  EXPECT_EQ(CanonicalUri("/documents%20and%20settings/", "s3"), "/documents%20and%20settings/");
  EXPECT_EQ(CanonicalUri("", "service"), "/");
  EXPECT_EQ(CanonicalUri("//example//", "service"), "/example/");
  EXPECT_EQ(CanonicalUri("/example1/example2/../..", "service"), "/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c", "service"), "/a/c");
}

TEST(Canonical, QueryStringIsSortedAndEncoded) {
  EXPECT_EQ(CanonicalQueryString(""), "");
  EXPECT_EQ(CanonicalQueryString("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(CanonicalQueryString("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3");
  EXPECT_EQ(CanonicalQueryString("flag&x=a%20b"), "flag=&x=a%20b");
}

TEST(Canonical, PayloadHashPrefersTheHeader) {
  HttpRequest request{http::verb::put, "/", 11};
  request.body() = "ignored";
  request.set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  EXPECT_EQ(PayloadHash(request), "UNSIGNED-PAYLOAD");
  request.erase("X-Amz-Content-Sha256");
  EXPECT_EQ(PayloadHash(request), Sha256Hex("ignored"));
}

TEST(Canonical, AmzDate) {
  auto parsed = ParseAmzDate("20150830T123600Z");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(FormatAmzDate(*parsed), "20150830T123600Z");
  EXPECT_FALSE(ParseAmzDate("20150830T1236Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20151330T123600Z").has_value());
  EXPECT_FALSE(ParseAmzDate("2015-08-30T12:36").has_value());
}

// ParseAuthorization: the form of the header, with AWS's error wording.
HttpRequest WithAuthorization(std::string_view value) {
  HttpRequest request{http::verb::post, "/", 11};
  request.set(http::field::host, "localhost");
  request.set("X-Amz-Date", "20150830T123600Z");
  if (!value.empty()) request.set(http::field::authorization, value);
  return request;
}

Error ParseError(const HttpRequest& request) {
  auto parsed = ParseAuthorization(request);
  EXPECT_FALSE(parsed.has_value());
  return parsed ? Error{} : parsed.error();
}

TEST(ParseAuthorization, Missing) {
  Error error = ParseError(WithAuthorization(""));
  EXPECT_EQ(error.code, "MissingAuthenticationTokenException");
  EXPECT_EQ(error.message, "Request is missing Authentication Token");
  EXPECT_EQ(error.http_status, 400);
}

TEST(ParseAuthorization, NotSigV4) {
  Error error = ParseError(WithAuthorization("Bearer abc"));
  EXPECT_EQ(error.code, "IncompleteSignatureException");
  EXPECT_EQ(error.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization=Bearer abc");
}

TEST(ParseAuthorization, MissingParts) {
  HttpRequest request = WithAuthorization(
      "AWS4-HMAC-SHA256 Credential=ABCDEF/20150830/us-east-1/dynamodb/aws4_request");
  request.erase("X-Amz-Date");
  Error error = ParseError(request);
  EXPECT_EQ(error.code, "IncompleteSignatureException");
  EXPECT_EQ(error.message,
            "Authorization header requires 'Signature' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 "
            "Credential=ABCDEF/20150830/us-east-1/dynamodb/aws4_request");
}

TEST(ParseAuthorization, MissingEqualSign) {
  const std::string header =
      "AWS4-HMAC-SHA256 Credential= key/20150830/us-east-1/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc";
  Error error = ParseError(WithAuthorization(header));
  EXPECT_EQ(error.code, "IncompleteSignatureException");
  EXPECT_EQ(error.message,
            "'key/20150830/us-east-1/dynamodb/aws4_request' not a valid key=value "
            "pair (missing equal-sign) in Authorization header: '" +
                header + "'.");
}

TEST(ParseAuthorization, BadDate) {
  HttpRequest request = WithAuthorization(
      "AWS4-HMAC-SHA256 Credential=k/20150830/us-east-1/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc");
  request.set("X-Amz-Date", "yesterday");
  Error error = ParseError(request);
  EXPECT_EQ(error.code, "IncompleteSignatureException");
  EXPECT_EQ(error.message,
            "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See "
            "http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(ParseAuthorization, DateHeaderStandsInForXAmzDate) {
  HttpRequest request = WithAuthorization(
      "AWS4-HMAC-SHA256 Credential=k/20150830/us-east-1/dynamodb/aws4_request, "
      "SignedHeaders=date;host, Signature=abc");
  request.erase("X-Amz-Date");
  request.set(http::field::date, "Sun, 30 Aug 2015 12:36:00 GMT");
  auto parsed = ParseAuthorization(request);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->amz_date, "20150830T123600Z");
}

TEST(ParseAuthorization, ScopeDateMustMatch) {
  Error error = ParseError(
      WithAuthorization("AWS4-HMAC-SHA256 Credential=k/20150831/us-east-1/dynamodb/aws4_request, "
                        "SignedHeaders=host;x-amz-date, Signature=abc"));
  EXPECT_EQ(error.code, "InvalidSignatureException");
  EXPECT_EQ(error.message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
}

TEST(ParseAuthorization, BadCredential) {
  EXPECT_EQ(ParseError(WithAuthorization("AWS4-HMAC-SHA256 Credential=k/20150830, "
                                         "SignedHeaders=host;x-amz-date, Signature=abc"))
                .code,
            "IncompleteSignatureException");
  Error terminator = ParseError(
      WithAuthorization("AWS4-HMAC-SHA256 Credential=k/20150830/us-east-1/dynamodb/aws5, "
                        "SignedHeaders=host;x-amz-date, Signature=abc"));
  EXPECT_EQ(terminator.message,
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5'.");
}

TEST(ParseAuthorization, HostMustBeSigned) {
  Error error = ParseError(
      WithAuthorization("AWS4-HMAC-SHA256 Credential=k/20150830/us-east-1/dynamodb/aws4_request, "
                        "SignedHeaders=x-amz-date, Signature=abc"));
  EXPECT_EQ(error.code, "InvalidSignatureException");
}

}  // namespace
}  // namespace nimbus::aws::sigv4
