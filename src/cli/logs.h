// `nimbus logs NAME`: prints the log group /aws/lambda/NAME (every instance's stream, merged
// by time) from the data folder, whether the stack is running or stopped, in the shape
// `aws logs tail` prints: "<timestamp> <stream> <message>". --follow then waits for new lines
// (inotify, no polling) until SIGINT/SIGTERM.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>

namespace nimbus::cli {

struct LogsOptions {
  std::string function_name;
  std::filesystem::path data_dir = ".nimbus";
  bool follow = false;
  // Only events from then on: "30s", "5m", "2h", "1d", "1w" ago, or an ISO 8601 UTC time
  // ("2024-01-02T03:04:05"). Empty: everything.
  std::string since;
};

// The earliest time `since` admits, relative to `now`.
std::expected<std::chrono::system_clock::time_point, std::string> ParseSince(
    const std::string& since, std::chrono::system_clock::time_point now);

// Returns the process exit code.
int RunLogs(const LogsOptions& options);

}  // namespace nimbus::cli
