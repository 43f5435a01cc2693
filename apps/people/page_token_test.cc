#include "people/page_token.h"

#include <gtest/gtest.h>

#include "nimbus/sdk/base64.h"
#include "people/person_item_mapper.h"

namespace nimbus::people {
namespace {

TEST(PageTokenTest, IsBase64UrlOfTheKeyJson) {
  EXPECT_EQ(EncodePageToken(PersonKey("abc")), "eyJwZXJzb25JZCI6eyJTIjoiYWJjIn19");
}

TEST(PageTokenTest, RoundTripsAPersonKey) {
  const Item key = PersonKey("00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(DecodePageToken(EncodePageToken(key)), key);
}

TEST(PageTokenTest, RejectsWhatItDidNotIssue) {
  EXPECT_EQ(DecodePageToken(""), std::nullopt);
  EXPECT_EQ(DecodePageToken("not base64!"), std::nullopt);
  EXPECT_EQ(DecodePageToken(sdk::EncodeBase64Url("{not json")), std::nullopt);
  EXPECT_EQ(DecodePageToken(sdk::EncodeBase64Url("[1,2]")), std::nullopt);
  EXPECT_EQ(DecodePageToken(sdk::EncodeBase64Url(R"({"otherKey":{"S":"x"}})")), std::nullopt);
  EXPECT_EQ(DecodePageToken(sdk::EncodeBase64Url(R"({"personId":{"N":"1"}})")), std::nullopt);
  EXPECT_EQ(DecodePageToken(std::string(kMaxPageTokenLength + 1, 'A')), std::nullopt);
}

}  // namespace
}  // namespace nimbus::people
