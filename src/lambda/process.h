// Child processes as the function host needs them: spawned in a fresh process group (so a
// runtime's own children die with it), signalled as a group, reaped without blocking a
// thread. The real spawner uses posix_spawn and a pidfd watched by the io_context.
//
// Thread-safety: a Process may be signalled from any thread; AsyncWaitExit is called once.
// REQUIRES: nothing else in the program reaps our children (no waitpid(-1) elsewhere).
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nimbus::lambda {

struct SpawnSpec {
  std::filesystem::path executable;
  std::vector<std::string> argv;  // argv[0] included; empty means {executable}
  std::filesystem::path cwd;
  std::vector<std::string> environment;  // "NAME=value"; exactly what the child sees
  // Where stdout and stderr go (opened for append, created if missing). Empty: inherited.
  std::filesystem::path output;
  // Or: a descriptor that becomes the child's stdout and stderr (e.g. a log pipe); wins over
  // `output` when >= 0. The caller keeps (and closes) its own copy.
  int output_fd = -1;
};

struct ExitStatus {
  int exit_code = 0;  // valid when signal == 0
  int signal = 0;
  // As Lambda words it (Go's ProcessState): "exit status 3", "signal: killed".
  std::string Describe() const;
};

class Process {
 public:
  virtual ~Process() = default;  // the real one SIGKILLs and reaps a child still running
  virtual pid_t pid() const = 0;
  // Sends `signal` to the whole process group; a no-op once the group leader is reaped.
  virtual void SignalGroup(int signal) = 0;
  // Calls `on_exit` once, on an io_context thread, after the child exited and was reaped.
  // Not called if the Process is destroyed first.
  virtual void AsyncWaitExit(std::function<void(ExitStatus)> on_exit) = 0;
};

class ProcessSpawner {
 public:
  virtual ~ProcessSpawner() = default;
  // On failure (e.g. the executable is missing) returns the reason, child never ran.
  virtual std::expected<std::unique_ptr<Process>, std::string> Spawn(boost::asio::io_context& io,
                                                                     const SpawnSpec& spec) = 0;
};

std::unique_ptr<ProcessSpawner> NewPosixProcessSpawner();

}  // namespace nimbus::lambda
