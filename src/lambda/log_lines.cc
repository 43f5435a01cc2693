#include "lambda/log_lines.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>

#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

std::string Millis(std::chrono::nanoseconds d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(d.count()) / 1e6);
  return text;
}

}  // namespace

std::string StartLine(std::string_view request_id) {
  return "START RequestId: " + std::string(request_id) + " Version: $LATEST\n";
}

std::string EndLine(std::string_view request_id) {
  return "END RequestId: " + std::string(request_id) + "\n";
}

std::string ReportLine(std::string_view request_id, const ReportFields& f) {
  // Lambda bills per millisecond, rounded up.
  auto billed = std::chrono::ceil<std::chrono::milliseconds>(f.duration).count();
  if (billed < 1) billed = 1;
  std::string line = "REPORT RequestId: " + std::string(request_id) +
                     "\tDuration: " + Millis(f.duration) +
                     " ms\tBilled Duration: " + std::to_string(billed) +
                     " ms\tMemory Size: " + std::to_string(f.memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(f.max_memory_used_mb) + " MB\t";
  if (f.init_duration) line += "Init Duration: " + Millis(*f.init_duration) + " ms\t";
  return line + "\n";
}

std::string TimeoutLine(std::chrono::system_clock::time_point now, std::string_view request_id,
                        std::chrono::milliseconds timeout) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms.count()));
  return std::string(stamp) + frac + " " + std::string(request_id) + " Task timed out after " +
         SecondsText(timeout) + " seconds\n";
}

int MaxMemoryUsedMb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long kb = 0;
      status >> kb;
      return static_cast<int>((kb + 1023) / 1024);
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

LogSink::LogSink(const std::filesystem::path& file) {
  if (file.empty()) {
    fd_ = STDERR_FILENO;
    return;
  }
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  owned_ = fd_ >= 0;
}

LogSink::~LogSink() {
  if (owned_) ::close(fd_);
}

void LogSink::Write(std::string_view lines) {
  if (fd_ < 0) return;
  while (!lines.empty()) {
    ssize_t n = ::write(fd_, lines.data(), lines.size());
    if (n <= 0) return;  // logging never fails an invocation
    lines.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace nimbus::lambda
