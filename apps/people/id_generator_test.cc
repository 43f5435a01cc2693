#include "people/id_generator.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace nimbus::people {
namespace {

TEST(UuidV4GeneratorTest, MakesDistinctVersion4Uuids) {
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  UuidV4Generator ids;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = ids.NewId();
    EXPECT_TRUE(std::regex_match(id, v4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidV4GeneratorTest, TwoGeneratorsDoNotShareASequence) {
  UuidV4Generator a;
  UuidV4Generator b;
  EXPECT_NE(a.NewId(), b.NewId());
}

}  // namespace
}  // namespace nimbus::people
