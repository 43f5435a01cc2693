#include "gateway/codec.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

TEST(CodecTest, Base64RoundTrip) {
  std::string binary("\x00\xff\x10 hello", 9);
  EXPECT_EQ(Base64Decode(Base64Encode(binary)), binary);
  EXPECT_EQ(Base64Encode("hi"), "aGk=");
  EXPECT_EQ(Base64Decode("aGk"), "hi");
  EXPECT_FALSE(Base64Decode("a*k=").has_value());
  EXPECT_FALSE(Base64Decode("a").has_value());
}

TEST(CodecTest, PercentDecodeQuery) {
  EXPECT_EQ(PercentDecodeQuery("a%20b+c"), "a b c");
  EXPECT_EQ(PercentDecodeQuery("100%"), "100%");
  EXPECT_EQ(PercentDecodeQuery("%zz"), "%zz");
}

TEST(CodecTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));
  EXPECT_FALSE(IsValidUtf8("caf\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

}  // namespace
}  // namespace nimbus::gateway
