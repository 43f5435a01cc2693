#include "people/clock.h"

#include <cstdio>
#include <ctime>

namespace nimbus::people {

std::chrono::system_clock::time_point SystemClock::Now() const {
  return std::chrono::system_clock::now();
}

std::string FormatIso8601(std::chrono::system_clock::time_point time) {
  // g++ 12 has no <format>; gmtime_r is the thread-safe way to split a time_t.
  const auto millis = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(millis);
  const std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[64];  // room for any int year, so the output is never truncated
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>((millis - seconds).count()));
  return buffer;
}

}  // namespace nimbus::people
