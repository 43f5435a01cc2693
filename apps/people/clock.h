// Time as the service sees it: injected so that tests set it instead of reading the wall clock.
#pragma once

#include <chrono>
#include <string>

namespace nimbus::people {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
};

// "2024-05-01T12:34:56.789Z": ISO 8601, UTC, millisecond precision.
std::string FormatIso8601(std::chrono::system_clock::time_point time);

}  // namespace nimbus::people
