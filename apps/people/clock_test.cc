#include "people/clock.h"

#include <gtest/gtest.h>

namespace nimbus::people {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso8601(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(system_clock::time_point{milliseconds(1714566896789)}),
            "2024-05-01T12:34:56.789Z");
}

TEST(ClockTest, SystemClockIsNearNow) {
  SystemClock clock;
  const auto drift = clock.Now() - system_clock::now();
  EXPECT_LT(std::chrono::abs(drift), std::chrono::seconds(5));
}

}  // namespace
}  // namespace nimbus::people
