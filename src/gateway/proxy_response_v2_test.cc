#include "gateway/proxy_response_v2.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(ProxyResponseV2Test, StructuredResponse) {
  auto r = ParseProxyResponseV2(
      R"({"statusCode":201,"headers":{"content-type":"text/plain","x-n":7},)"
      R"("cookies":["a=1; Secure","b=2"],"body":"made","isBase64Encoded":false})");
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->status_code, 201);
  EXPECT_EQ(r->body, "made");
  EXPECT_EQ(r->headers, (Headers{{"content-type", "text/plain"},
                                 {"x-n", "7"},
                                 {"Set-Cookie", "a=1; Secure"},
                                 {"Set-Cookie", "b=2"}}));
}

TEST(ProxyResponseV2Test, Base64Body) {
  auto r = ParseProxyResponseV2(R"({"statusCode":200,"body":"aGk=","isBase64Encoded":true})");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hi");
}

// Without a statusCode, AWS infers 200, application/json, and the value as the body.
TEST(ProxyResponseV2Test, SimpleResponsesAreInferred) {
  auto object = ParseProxyResponseV2(R"({"message":"Hello from Lambda!"})");
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->status_code, 200);
  EXPECT_EQ(object->body, R"({"message":"Hello from Lambda!"})");
  EXPECT_EQ(object->headers, (Headers{{"Content-Type", "application/json"}}));

  auto text = ParseProxyResponseV2(R"("Hello from Lambda!")");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->body, "Hello from Lambda!");

  for (const char* value : {"42", "true", "[1,2]", "null", R"({"body":"x"})"}) {
    auto r = ParseProxyResponseV2(value);
    ASSERT_TRUE(r.has_value()) << value;
    EXPECT_EQ(r->status_code, 200);
    EXPECT_EQ(r->body, value);
  }
}

TEST(ProxyResponseV2Test, MalformedIsAnError) {
  for (const char* payload : {
           "not json",
           R"({"statusCode":"200"})",
           R"({"statusCode":99})",
           R"({"statusCode":200,"body":{"a":1}})",
           R"({"statusCode":200,"headers":[]})",
           R"({"statusCode":200,"cookies":"a=1"})",
           R"({"statusCode":200,"cookies":[1]})",
           R"({"statusCode":200,"isBase64Encoded":"yes"})",
           R"({"statusCode":200,"body":"!!","isBase64Encoded":true})",
           R"({"statusCode":200,"headers":{"x":"a\r\nb"}})",
       }) {
    EXPECT_FALSE(ParseProxyResponseV2(payload).has_value()) << payload;
  }
}

}  // namespace
}  // namespace nimbus::gateway
