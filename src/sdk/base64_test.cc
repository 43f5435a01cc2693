#include "nimbus/sdk/base64.h"

#include <gtest/gtest.h>

namespace nimbus::sdk {
namespace {

TEST(Base64Test, UrlEncodingHasNoPaddingAndUrlAlphabet) {
  EXPECT_EQ(EncodeBase64Url(""), "");
  EXPECT_EQ(EncodeBase64Url("f"), "Zg");
  EXPECT_EQ(EncodeBase64Url("fo"), "Zm8");
  EXPECT_EQ(EncodeBase64Url("foo"), "Zm9v");
  EXPECT_EQ(EncodeBase64Url("\xfb\xff"), "-_8");
  EXPECT_EQ(EncodeBase64Url(R"({"personId":{"S":"abc"}})"), "eyJwZXJzb25JZCI6eyJTIjoiYWJjIn19");
}

TEST(Base64Test, UrlRoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(DecodeBase64Url(EncodeBase64Url(part)), part);
  }
}

TEST(Base64Test, UrlDecodingRejectsForeignCharactersAndBadLengths) {
  EXPECT_EQ(DecodeBase64Url("Zm9v+"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zg=="), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm9vY"), std::nullopt);  // 6 leftover bits make no byte
  EXPECT_EQ(DecodeBase64Url("Zm 9v"), std::nullopt);
}

TEST(Base64Test, StandardDecodingAcceptsPadding) {
  EXPECT_EQ(DecodeBase64("eyJhIjoxfQ=="), R"({"a":1})");
  EXPECT_EQ(DecodeBase64("Zm9v"), "foo");
  EXPECT_EQ(DecodeBase64("+/8="), "\xfb\xff");
  EXPECT_EQ(DecodeBase64("Zm9"), std::nullopt);  // padding is required here
  EXPECT_EQ(DecodeBase64("-_8="), std::nullopt);
}

}  // namespace
}  // namespace nimbus::sdk
