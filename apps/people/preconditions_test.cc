#include "people/preconditions.h"

#include <gtest/gtest.h>

namespace nimbus::people {
namespace {

TEST(PreconditionsTest, ETagIsTheQuotedVersion) { EXPECT_EQ(FormatETag(3), "\"3\""); }

TEST(PreconditionsTest, StarMatchesAnyVersion) {
  auto parsed = ParseIfMatch(" * ");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->Matches(1));
  EXPECT_TRUE(parsed->Matches(99));
}

TEST(PreconditionsTest, AListMatchesItsStrongTagsOnly) {
  auto parsed = ParseIfMatch(R"("2", W/"3" ,, "4")");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->Matches(2));
  EXPECT_FALSE(parsed->Matches(3));  // weak tags never match If-Match
  EXPECT_TRUE(parsed->Matches(4));
  EXPECT_FALSE(parsed->Matches(1));
}

TEST(PreconditionsTest, TagsThisApiNeverIssuedMatchNothing) {
  for (const char* header : {R"("abc")", R"("0")", R"("-1")", R"("")", R"("1.0")"}) {
    auto parsed = ParseIfMatch(header);
    ASSERT_TRUE(parsed.has_value()) << header;
    EXPECT_FALSE(parsed->Matches(1)) << header;
  }
}

TEST(PreconditionsTest, SyntaxErrorsAreRefused) {
  for (const char* header : {"", "1", "\"1", "1\"", "*, \"1\"", "\"a\"b\"", " , "}) {
    EXPECT_FALSE(ParseIfMatch(header).has_value()) << header;
  }
}

}  // namespace
}  // namespace nimbus::people
