// Enforces a function's MemorySize on its running instances without privileges: samples each
// watched process's resident memory (VmRSS) on a short timer and reports the ones over their
// limit. Lambda's cgroup kills at the limit exactly; sampling may let a fast allocator overshoot
// for up to one period, which is the price of needing no writable cgroup. RLIMIT_AS is not an
// option: runtimes reserve far more address space than they ever touch.
//
// The timer runs only while something is watched, so an idle host holds no work on the
// io_context. Thread-safe; `on_over` runs on an io thread without the watch's lock held.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace nimbus::lambda {

// How often a running instance's memory is sampled. Reading /proc/<pid>/status costs a few
// microseconds; 10 ms keeps the overshoot of a fast allocator to tens of MB.
inline constexpr std::chrono::milliseconds kMemorySamplePeriod{10};

// Resident set size of `pid` in bytes, from /proc/<pid>/status; nullopt once it is gone.
std::optional<std::uint64_t> ReadResidentBytes(pid_t pid);

class MemoryWatch : public std::enable_shared_from_this<MemoryWatch> {
 public:
  using ReadRss = std::function<std::optional<std::uint64_t>(pid_t)>;
  using OnOver = std::function<void(int id)>;

  MemoryWatch(boost::asio::io_context& io, ReadRss read_rss, OnOver on_over,
              std::chrono::milliseconds period = kMemorySamplePeriod);

  // Starts (or keeps) sampling instance `id`; reported at most once until watched again.
  void Watch(int id, pid_t pid, std::uint64_t limit_bytes);
  void Unwatch(int id);
  // Unwatches everything.
  void Stop();

 private:
  struct Watched {
    pid_t pid;
    std::uint64_t limit_bytes;
  };
  void ArmLocked();
  void Sample();

  ReadRss read_rss_;
  OnOver on_over_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::map<int, Watched> watched_;
  bool armed_ = false;
  boost::asio::steady_timer timer_;
};

}  // namespace nimbus::lambda
