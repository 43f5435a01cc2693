// `nimbus up`: runs the whole stack in the foreground until SIGINT/SIGTERM.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace nimbus::cli {

struct UpOptions {
  std::filesystem::path stack_dir = "stack";
  std::filesystem::path data_dir = ".nimbus";
  // Where function code folders (stack.yaml `code:`) are looked up: the build output.
  std::filesystem::path artifacts_dir;
  std::string address = "127.0.0.1";
  std::uint16_t api_port = 3000;  // the port `sam local start-api` uses
  std::uint16_t aws_port = 4566;  // one edge port for every AWS API, as LocalStack has it
  std::string auth_mode = "dev";  // dev | strict
  bool sync_writes = false;
  int threads = 0;  // 0: one per core
  // Lambda's account concurrency limit: invocations running at once across all functions.
  int account_concurrency = 1000;
  // Multiplies every wait of the asynchronous retry policy (1 minute, 2 minutes, ...); only
  // tests want anything but 1.
  double async_delay_scale = 1.0;
  // An on-demand function instance idle this long is stopped (seconds).
  double idle_timeout_seconds = 600;
  // Replace a function's instances when its bootstrap changes (hot reload).
  bool watch = false;
};

// Returns the process exit code.
int RunUp(const UpOptions& options);

}  // namespace nimbus::cli
