#include "lambda/invoke_context.h"

#include <gtest/gtest.h>

#include <boost/beast/core/detail/base64.hpp>

namespace nimbus::lambda {
namespace {

TEST(InvokeContext, NoHeadersIsAnEmptyContext) {
  auto c = InvokeContextFromHeaders("", "");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->client_context, "");
  EXPECT_EQ(c->trace_header, "");
}

TEST(InvokeContext, ClientContextIsDecoded) {
  // {"custom":{"k":"v"}}
  auto c = InvokeContextFromHeaders("eyJjdXN0b20iOnsiayI6InYifX0=", "");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->client_context, R"({"custom":{"k":"v"}})");
}

TEST(InvokeContext, ClientContextThatIsNotBase64JsonObjectIsRefused) {
  for (std::string_view bad : {"string", "not base64!", "WzFd" /* [1] */, "e30=e30="}) {
    auto c = InvokeContextFromHeaders(bad, "");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().http_status, 400);
    EXPECT_EQ(c.error().error_type, "InvalidRequestContentException");
    EXPECT_EQ(c.error().message, "Client context must be a valid Base64-encoded JSON object.");
  }
}

TEST(InvokeContext, ClientContextAtTheLimitPassesOneMoreIsRefused) {
  // `{"a":"xxx..."}` padded so its base64 is exactly the limit (3583 is not a multiple of 4,
  // so the longest valid text is 3580 characters; one character more is over the limit).
  std::string json = R"({"a":")" + std::string(2677, 'x') + R"("})";
  std::string encoded(kMaxClientContextBytes + 8, '\0');
  namespace b64 = boost::beast::detail::base64;
  encoded.resize(b64::encode(encoded.data(), json.data(), json.size()));
  ASSERT_LE(encoded.size(), kMaxClientContextBytes);
  EXPECT_TRUE(InvokeContextFromHeaders(encoded, ""));
  EXPECT_FALSE(InvokeContextFromHeaders(
      encoded + std::string(kMaxClientContextBytes + 1 - encoded.size(), '='), ""));
}

TEST(InvokeContext, CallersTraceIsKeptOnlyWithARoot) {
  EXPECT_EQ(InvokeContextFromHeaders("", "Root=1-5e1b4151-5ac6c58f5b5dbd6a7a1e7f2c;Sampled=1")
                ->trace_header,
            "Root=1-5e1b4151-5ac6c58f5b5dbd6a7a1e7f2c;Sampled=1");
  EXPECT_EQ(InvokeContextFromHeaders("", "garbage")->trace_header, "");
}

}  // namespace
}  // namespace nimbus::lambda
