// The platform lines Lambda writes into a function's log stream around each invocation, and
// the sink that appends them to the same file the instance's stdout/stderr go to.
//
//   START RequestId: <id> Version: $LATEST
//   END RequestId: <id>
//   REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t
//          Max Memory Used: 18 MB\tInit Duration: 40.10 ms\t      (Init Duration: cold starts)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nimbus::lambda {

struct ReportFields {
  std::chrono::nanoseconds duration{};
  int memory_size_mb = 128;
  int max_memory_used_mb = 0;
  std::optional<std::chrono::nanoseconds> init_duration;  // first invocation of an instance
};

std::string StartLine(std::string_view request_id);
std::string EndLine(std::string_view request_id);
std::string ReportLine(std::string_view request_id, const ReportFields& fields);
// "2024-01-02T03:04:05.678Z <id> Task timed out after 3.00 seconds"
std::string TimeoutLine(std::chrono::system_clock::time_point now, std::string_view request_id,
                        std::chrono::milliseconds timeout);

// Peak resident memory of `pid` in MB (VmHWM), rounded up; 0 if unknown.
int MaxMemoryUsedMb(pid_t pid);

// Appends whole lines with O_APPEND writes, so they interleave cleanly with the child's own
// output in the same file. An empty path writes to the host's stderr (as `sam local` does).
// Thread-compatible: callers serialise.
class LogSink {
 public:
  explicit LogSink(const std::filesystem::path& file);
  ~LogSink();
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;
  void Write(std::string_view lines);

 private:
  int fd_ = -1;
  bool owned_ = false;
};

}  // namespace nimbus::lambda
