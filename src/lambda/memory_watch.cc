#include "lambda/memory_watch.h"

#include <fstream>
#include <string>
#include <vector>

namespace nimbus::lambda {

std::optional<std::uint64_t> ReadResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      std::uint64_t kb = 0;
      status >> kb;
      return kb * 1024;
    }
    status.ignore(4096, '\n');
  }
  return std::nullopt;
}

MemoryWatch::MemoryWatch(boost::asio::io_context& io, ReadRss read_rss, OnOver on_over,
                         std::chrono::milliseconds period)
    : read_rss_(read_rss ? std::move(read_rss) : ReadRss(ReadResidentBytes)),
      on_over_(std::move(on_over)),
      period_(period),
      timer_(io) {}

void MemoryWatch::Watch(int id, pid_t pid, std::uint64_t limit_bytes) {
  std::lock_guard lock(mu_);
  watched_[id] = Watched{pid, limit_bytes};
  ArmLocked();
}

void MemoryWatch::Unwatch(int id) {
  std::lock_guard lock(mu_);
  watched_.erase(id);
  if (watched_.empty() && armed_) timer_.cancel();
}

void MemoryWatch::Stop() {
  std::lock_guard lock(mu_);
  watched_.clear();
  if (armed_) timer_.cancel();
}

void MemoryWatch::ArmLocked() {
  if (armed_ || watched_.empty()) return;
  armed_ = true;
  timer_.expires_after(period_);
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self) return;
    {
      std::lock_guard lock(self->mu_);
      self->armed_ = false;
    }
    if (!ec) self->Sample();
    std::lock_guard lock(self->mu_);
    self->ArmLocked();
  });
}

void MemoryWatch::Sample() {
  std::vector<std::pair<int, pid_t>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, w] : watched_) targets.emplace_back(id, w.pid);
  }
  std::vector<int> over;
  for (const auto& [id, pid] : targets) {
    auto rss = read_rss_(pid);
    if (!rss) continue;
    std::lock_guard lock(mu_);
    auto it = watched_.find(id);
    if (it != watched_.end() && it->second.pid == pid && *rss > it->second.limit_bytes) {
      watched_.erase(it);
      over.push_back(id);
    }
  }
  for (int id : over) on_over_(id);
}

}  // namespace nimbus::lambda
