#include "dynamodb/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

std::string Canon(std::string_view text) {
  auto n = ParseNumber(text);
  return n ? FormatNumber(*n) : "error: " + n.error().message;
}

TEST(NumberTest, CanonicalizesEquivalentSpellings) {
  EXPECT_EQ(Canon("1"), "1");
  EXPECT_EQ(Canon("1.0"), "1");
  EXPECT_EQ(Canon("10E-1"), "1");
  EXPECT_EQ(Canon("+001.500"), "1.5");
  EXPECT_EQ(Canon("-0"), "0");
  EXPECT_EQ(Canon("0.000"), "0");
  EXPECT_EQ(Canon("1e2"), "100");
  EXPECT_EQ(Canon("-12.34e1"), "-123.4");
  EXPECT_EQ(Canon(".5"), "0.5");
  EXPECT_EQ(Canon("5."), "5");
  EXPECT_EQ(*ParseNumber("1"), *ParseNumber("10E-1"));
}

TEST(NumberTest, RejectsNonNumbers) {
  for (const char* bad : {"", "abc", "1.2.3", "1e", "--1", "1 ", " 1", "0x10", "e5", "."}) {
    auto n = ParseNumber(bad);
    ASSERT_FALSE(n.has_value()) << bad;
    EXPECT_EQ(n.error().code, "ValidationException");
  }
}

TEST(NumberTest, EnforcesThirtyEightDigits) {
  std::string ok(limits::kMaxNumberDigits, '9');
  EXPECT_TRUE(ParseNumber(ok).has_value());
  EXPECT_TRUE(ParseNumber(ok + "000").has_value());  // trailing zeros are not significant
  auto too_many = ParseNumber(ok + "1");
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().message,
            "Attempting to store more than 38 significant digits in a Number");
}

TEST(NumberTest, EnforcesExponentRange) {
  EXPECT_TRUE(ParseNumber("1E-130").has_value());
  EXPECT_TRUE(ParseNumber("9.9999999999999999999999999999999999999E+125").has_value());
  auto under = ParseNumber("1E-131");
  ASSERT_FALSE(under.has_value());
  EXPECT_NE(under.error().message.find("Number underflow"), std::string::npos);
  auto over = ParseNumber("1E+126");
  ASSERT_FALSE(over.has_value());
  EXPECT_NE(over.error().message.find("Number overflow"), std::string::npos);
  EXPECT_EQ(Canon("0E+999999"), "0");
}

TEST(NumberTest, OrderedEncodingFollowsNumericOrder) {
  std::vector<std::string> sorted = {
      "-1E+125", "-100", "-10.5", "-10", "-1", "-0.5", "-0.123", "-0.12", "-1E-130", "0",
      "1E-130",  "0.12", "0.123", "0.5", "1",  "10",   "10.5",   "100",   "9E+125"};
  std::vector<std::string> encoded;
  for (const auto& s : sorted) encoded.push_back(EncodeNumberOrdered(*ParseNumber(s)));
  for (std::size_t i = 0; i + 1 < encoded.size(); ++i) {
    EXPECT_LT(encoded[i], encoded[i + 1]) << sorted[i] << " vs " << sorted[i + 1];
    EXPECT_EQ(CompareNumbers(*ParseNumber(sorted[i]), *ParseNumber(sorted[i + 1])),
              std::strong_ordering::less);
    // Prefix-free: no encoding starts with another.
    EXPECT_FALSE(encoded[i + 1].starts_with(encoded[i]));
  }
  EXPECT_EQ(EncodeNumberOrdered(*ParseNumber("1.0")), EncodeNumberOrdered(*ParseNumber("10E-1")));
}

TEST(NumberTest, AddsAndSubtractsExactly) {
  auto add = [](const char* a, const char* b) {
    auto r = AddNumbers(*ParseNumber(a), *ParseNumber(b));
    return r ? FormatNumber(*r) : r.error().message;
  };
  auto sub = [](const char* a, const char* b) {
    auto r = SubtractNumbers(*ParseNumber(a), *ParseNumber(b));
    return r ? FormatNumber(*r) : r.error().message;
  };
  EXPECT_EQ(add("1", "2"), "3");
  EXPECT_EQ(add("0.1", "0.2"), "0.3");
  EXPECT_EQ(add("999", "1"), "1000");
  EXPECT_EQ(add("-5", "3"), "-2");
  EXPECT_EQ(add("5", "-5"), "0");
  EXPECT_EQ(sub("1", "0.001"), "0.999");
  EXPECT_EQ(sub("-1", "1"), "-2");
  EXPECT_EQ(add("1E+100", "1"), "Attempting to store more than 38 significant digits in a Number");
  EXPECT_NE(add("9E+125", "9E+125").find("Number overflow"), std::string::npos);
}

TEST(NumberTest, FormatsExtremesAsPlainDecimals) {
  // DynamoDB returns numbers expanded, never in scientific form.
  EXPECT_EQ(Canon("1E+100"), "1" + std::string(100, '0'));
  EXPECT_EQ(Canon("1.5E-100"), "0." + std::string(99, '0') + "15");
  EXPECT_EQ(Canon(Canon("1.5E-100")), Canon("1.5E-100"));  // round-trips
  EXPECT_EQ(Canon("-1E-130"), "-0." + std::string(129, '0') + "1");
}

TEST(NumberTest, EchoesTextItCannotRead) {
  EXPECT_EQ(ParseNumber("NaN").error().message,
            "The parameter cannot be converted to a numeric value: NaN");
  EXPECT_EQ(ParseNumber("").error().message,
            "The parameter cannot be converted to a numeric value: ");
}

TEST(NumberTest, SizeCountsBase100DigitsAlignedOnThePoint) {
  auto size = [](std::string_view n) {
    return AttributeSize(AttributeValue::NumberText(FormatNumber(*ParseNumber(n))));
  };
  EXPECT_EQ(size("0"), 1u);
  EXPECT_EQ(size("1"), 2u);
  EXPECT_EQ(size("1E125"), 2u);
  EXPECT_EQ(size("123456"), 4u);
  EXPECT_EQ(size("3.14159"), 5u);
  EXPECT_EQ(size("-3.14159"), 6u);
  EXPECT_EQ(size("0.00012"), 3u);
}

}  // namespace
}  // namespace nimbus::dynamodb
