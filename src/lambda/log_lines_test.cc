#include "lambda/log_lines.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "lambda/process.h"
#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

using namespace std::chrono_literals;

TEST(LogLinesTest, PlatformLines) {
  EXPECT_EQ(StartLine("id"), "START RequestId: id Version: $LATEST\n");
  EXPECT_EQ(EndLine("id"), "END RequestId: id\n");
  EXPECT_EQ(
      ReportLine("id", {.duration = 1234567ns, .memory_size_mb = 256, .max_memory_used_mb = 20}),
      "REPORT RequestId: id\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 256 "
      "MB\tMax Memory Used: 20 MB\t\n");
  EXPECT_EQ(ReportLine("id", {.duration = 10ns, .init_duration = 40100us}),
            "REPORT RequestId: id\tDuration: 0.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 "
            "MB\tMax Memory Used: 0 MB\tInit Duration: 40.10 ms\t\n");
  auto t = std::chrono::system_clock::time_point(1700000000123ms);
  EXPECT_EQ(TimeoutLine(t, "id", 3000ms),
            "2023-11-14T22:13:20.123Z id Task timed out after 3.00 seconds\n");
}

TEST(LogLinesTest, OwnPeakMemoryIsKnown) { EXPECT_GT(MaxMemoryUsedMb(::getpid()), 0); }

TEST(ResultsTest, Shapes) {
  EXPECT_EQ(TimedOut("id", 1500ms).payload,
            R"({"errorMessage":"RequestId: id Error: Task timed out after 1.50 seconds",)"
            R"("errorType":"Sandbox.Timedout"})");
  EXPECT_EQ(RuntimeExited("id", {.exit_code = 3}).payload,
            R"({"errorMessage":"RequestId: id Error: Runtime exited with error: exit status 3",)"
            R"("errorType":"Runtime.ExitError"})");
  EXPECT_EQ(ExitStatus{.signal = SIGKILL}.Describe(), "signal: killed");
  auto e = ServiceError(404, "ResourceNotFoundException", "nope");
  EXPECT_EQ(e.outcome, InvokeResult::Outcome::kServiceError);
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.payload, R"({"errorMessage":"nope","errorType":"ResourceNotFoundException"})");
}

}  // namespace
}  // namespace nimbus::lambda
