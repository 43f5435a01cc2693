#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

std::string ErrorOf(std::string_view json) {
  auto v = AttributeFromJson(boost::json::parse(json));
  return v ? "ok" : v.error().code + ": " + v.error().message;
}

const char* kAllTypes = R"({
  "s": {"S": "héllo"}, "empty": {"S": ""}, "n": {"N": "-12.50"}, "b": {"B": "AAEC/w=="},
  "ss": {"SS": ["b", "a"]}, "ns": {"NS": ["10", "1.0", "2"]}, "bs": {"BS": ["AA==", "AQ=="]},
  "null": {"NULL": true}, "t": {"BOOL": true}, "f": {"BOOL": false},
  "l": {"L": [{"S": "x"}, {"N": "1"}, {"L": []}, {"M": {}}]},
  "m": {"M": {"inner": {"M": {"deep": {"SS": ["z"]}}}, "bin": {"B": ""}}}
})";

TEST(AttributeJsonTest, RoundTripsEveryType) {
  auto item = ItemFromJson(boost::json::parse(kAllTypes));
  ASSERT_TRUE(item.has_value());
  auto again = ItemFromJson(ItemToJson(*item));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*item, *again);
  EXPECT_EQ(item->at("n").scalar, "-12.5");
  EXPECT_EQ(item->at("b").scalar, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(item->at("ss").set, (std::vector<std::string>{"a", "b"}));
}

TEST(AttributeJsonTest, ValidatesDescriptors) {
  EXPECT_EQ(ErrorOf(R"({})"),
            "ValidationException: Supplied AttributeValue is empty, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(ErrorOf(R"({"S":"a","N":"1"})"),
            "ValidationException: Supplied AttributeValue has more than one datatypes set, must "
            "contain exactly one of the supported datatypes");
  EXPECT_EQ(ErrorOf(R"({"SS":[]})"),
            "ValidationException: One or more parameter values were invalid: An string set  may "
            "not be empty");
  EXPECT_EQ(ErrorOf(R"({"NS":[]})"),
            "ValidationException: One or more parameter values were invalid: An number set  may "
            "not be empty");
  EXPECT_EQ(ErrorOf(R"({"SS":["a","a"]})"),
            "ValidationException: One or more parameter values were invalid: Input collection "
            "[\"a\", \"a\"] contains duplicates.");
  EXPECT_EQ(ErrorOf(R"({"BS":[]})"),
            "ValidationException: One or more parameter values were invalid: Binary sets should "
            "not be empty");
  EXPECT_NE(ErrorOf(R"({"NS":["1","1.0"]})"), "ok");  // duplicates once canonical
  EXPECT_EQ(ErrorOf(R"({"NULL":false})"),
            "ValidationException: One or more parameter values were invalid: Null attribute "
            "value types must have the value of true");
  EXPECT_EQ(ErrorOf(R"({"N":"abc"})"),
            "ValidationException: The parameter cannot be converted to a numeric value: abc");
  EXPECT_NE(ErrorOf(R"({"N":"1E+200"})"), "ok");
  EXPECT_EQ(ErrorOf(R"({"S":1})").substr(0, 22), "SerializationException");
  EXPECT_EQ(ErrorOf(R"({"B":"not base64!"})").substr(0, 22), "SerializationException");
}

TEST(AttributeJsonTest, Base64RoundTrips) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    std::string out;
    ASSERT_TRUE(Base64Decode(Base64Encode(s), out));
    EXPECT_EQ(out, s);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("abc", out));
  EXPECT_FALSE(Base64Decode("a=bc", out));
}

TEST(ItemCodecTest, RoundTripsEveryType) {
  auto item = ItemFromJson(boost::json::parse(kAllTypes));
  ASSERT_TRUE(item.has_value());
  std::string bytes = EncodeItem(*item);
  auto decoded = DecodeItem(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, *item);
}

TEST(ItemCodecTest, RejectsCorruptBytes) {
  auto item = ItemFromJson(boost::json::parse(kAllTypes));
  std::string bytes = EncodeItem(*item);
  EXPECT_FALSE(DecodeItem("").has_value());
  EXPECT_FALSE(DecodeItem(bytes.substr(0, bytes.size() - 1)).has_value());
  EXPECT_FALSE(DecodeItem(bytes + "x").has_value());
  EXPECT_FALSE(DecodeItem(std::string("\x01\xff\xff\xff\xff\x0f", 6)).has_value());
}

TEST(KeyCodecTest, StringAndBinaryKeysSortBytewise) {
  std::vector<std::string> sorted = {"",
                                     std::string("\0", 1),
                                     std::string("\0\0", 2),
                                     std::string("\0a", 2),
                                     "a",
                                     "a\x01",
                                     "ab",
                                     "b",
                                     "\xff"};
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
    auto a = EncodeKeyPart(AttributeValue::Binary(sorted[i]));
    auto b = EncodeKeyPart(AttributeValue::Binary(sorted[i + 1]));
    EXPECT_LT(a, b) << i;
    EXPECT_FALSE(b.starts_with(a)) << i;
  }
}

TEST(KeyCodecTest, CompositeKeysOrderByHashThenRange) {
  auto s = [](const char* v) { return AttributeValue::String(v); };
  auto n = [](const char* v) { return AttributeValue::NumberText(FormatNumber(*ParseNumber(v))); };
  auto k1 = ItemKey(7, s("a"), nullptr);
  auto r1 = n("-5"), r2 = n("2"), r3 = n("10");
  auto a1 = ItemKey(7, s("a"), &r1), a2 = ItemKey(7, s("a"), &r2), a3 = ItemKey(7, s("a"), &r3);
  auto b1 = ItemKey(7, s("ab"), &r1);
  EXPECT_LT(a1, a2);
  EXPECT_LT(a2, a3);
  // Partitions are ordered by their key hash, not their key; each is one key prefix.
  EXPECT_TRUE(a1.starts_with(TablePrefix(7) + EncodePartition(s("a"))));
  EXPECT_TRUE(b1.starts_with(TablePrefix(7) + EncodePartition(s("ab"))));
  EXPECT_TRUE(a1.starts_with(k1));
  EXPECT_FALSE(b1.starts_with(k1));
  EXPECT_TRUE(a3.starts_with(TablePrefix(7)));
  EXPECT_LT(a3, TablePrefixEnd(7));
  EXPECT_EQ(ItemKey(7, n("1"), nullptr), ItemKey(7, n("1.0"), nullptr));
}

TEST(KeyCodecTest, PartitionStartsWithItsHash) {
  auto v = AttributeValue::String("user#1");
  std::string part = EncodeKeyPart(v);
  std::string partition = EncodePartition(v);
  std::uint16_t h = PartitionHash(part);
  ASSERT_EQ(partition.size(), part.size() + 2);
  EXPECT_EQ(static_cast<unsigned char>(partition[0]), h >> 8);
  EXPECT_EQ(static_cast<unsigned char>(partition[1]), h & 0xFF);
  EXPECT_EQ(partition.substr(2), part);
}

TEST(KeyCodecTest, SegmentsTileTheHashSpace) {
  const std::string space = TablePrefix(3);
  for (std::uint64_t total : {1u, 2u, 3u, 7u, 65536u, 100000u}) {
    std::string expected_from = space + std::string(2, '\0');
    for (std::uint64_t s = 0; s < total; s += (total > 100 ? 997 : 1)) {
      KeyRange r = SegmentRange(space, s, total);
      EXPECT_LE(r.from, r.to);
      if (s == 0) {
        EXPECT_EQ(r.from, expected_from);
      }
      if (s + 1 < total) {
        EXPECT_EQ(r.to, SegmentRange(space, s + 1, total).from);
      }
    }
    EXPECT_EQ(SegmentRange(space, total - 1, total).to, PrefixSuccessor(space));
  }
  // Every item key falls in exactly one segment of four.
  for (const char* pk : {"a", "b", "c", "zzz", "user#42"}) {
    std::string key = ItemKey(3, AttributeValue::String(pk), nullptr);
    int owners = 0;
    for (std::uint64_t s = 0; s < 4; ++s) {
      KeyRange r = SegmentRange(space, s, 4);
      owners += (r.from <= key && key < r.to) ? 1 : 0;
    }
    EXPECT_EQ(owners, 1) << pk;
  }
}

}  // namespace
}  // namespace nimbus::dynamodb
