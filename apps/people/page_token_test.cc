#include "people/page_token.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "nimbus/sdk/base64.h"

namespace nimbus::people {
namespace {

const PageTokenShape kShape{
    "customers", "status", {"ACTIVE", "INACTIVE"}, {"customerId", "status", "createdDate"}};

sdk::dynamodb::Item Key(std::string_view status) {
  return boost::json::parse(R"({"customerId":{"S":"CUST-1"},"status":{"S":")" +
                            std::string(status) + R"("},"createdDate":{"S":"2024"}})")
      .as_object();
}

std::string Raw(std::string_view json) { return sdk::EncodeBase64Url(json); }

TEST(PageTokenTest, IsBase64UrlOfListingPartitionAndKey) {
  EXPECT_EQ(sdk::DecodeBase64Url(EncodePageToken("people", {2, std::nullopt})),
            R"({"l":"people","p":2})");
}

TEST(PageTokenTest, RoundTripsAPosition) {
  const PagePosition position{1, Key("INACTIVE")};
  auto decoded = DecodePageToken(EncodePageToken("customers", position), kShape);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->partition, 1u);
  EXPECT_EQ(decoded->start_key, Key("INACTIVE"));
  auto start = DecodePageToken(EncodePageToken("customers", {1, std::nullopt}), kShape);
  ASSERT_TRUE(start.has_value());
  EXPECT_FALSE(start->start_key.has_value());
}

TEST(PageTokenTest, RejectsWhatItDidNotIssue) {
  const auto k = boost::json::serialize(Key("ACTIVE"));
  for (const std::string& token : {
           std::string(),
           std::string("not base64!"),
           Raw("{not json"),
           Raw("[1,2]"),
           Raw(R"({"l":"people","p":0})"),                   // another listing
           Raw(R"({"l":"customers","p":2})"),                // no such partition
           Raw(R"({"l":"customers","p":-1})"),               //
           Raw(R"({"l":"customers","p":"0"})"),              //
           Raw(R"({"l":"customers","p":1,"k":)" + k + "}"),  // key from another partition
           Raw(R"({"l":"customers","p":0,"k":{"customerId":{"S":"x"}}})"),  // key too short
           Raw(R"({"l":"customers","p":0,"k":)" + k + R"(,"x":1})"),        // extra member
           std::string(kMaxPageTokenLength + 1, 'A'),
       }) {
    EXPECT_EQ(DecodePageToken(token, kShape), std::nullopt) << token;
  }
  EXPECT_TRUE(DecodePageToken(Raw(R"({"l":"customers","p":0,"k":)" + k + "}"), kShape));
}

}  // namespace
}  // namespace nimbus::people
