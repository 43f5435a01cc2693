#include "dynamodb/lifecycle_mutex.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace nimbus::dynamodb {
namespace {

// The shared holds of this thread: a handful at most (one per table a request touches).
thread_local std::vector<std::pair<const LifecycleMutex*, int>> shared_holds;

}  // namespace

int& LifecycleMutex::HeldByThisThread() {
  for (auto& [mutex, count] : shared_holds) {
    if (mutex == this) return count;
  }
  return shared_holds.emplace_back(this, 0).second;
}

void LifecycleMutex::ForgetThisThread() {
  std::erase_if(shared_holds, [this](const auto& h) { return h.first == this; });
}

void LifecycleMutex::lock() {
  std::unique_lock lock(mu_);
  ++writers_waiting_;
  changed_.wait(lock, [this] { return !writer_ && readers_ == 0; });
  --writers_waiting_;
  writer_ = true;
}

bool LifecycleMutex::try_lock() {
  std::lock_guard lock(mu_);
  if (writer_ || readers_ > 0) return false;
  writer_ = true;
  return true;
}

void LifecycleMutex::unlock() {
  {
    std::lock_guard lock(mu_);
    writer_ = false;
  }
  changed_.notify_all();
}

void LifecycleMutex::lock_shared() {
  const bool holds_other = !shared_holds.empty();
  int& held = HeldByThisThread();
  if (held > 0) {
    ++held;
    return;
  }
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !writer_ && (holds_other || writers_waiting_ == 0); });
  ++readers_;
  held = 1;
}

bool LifecycleMutex::try_lock_shared() {
  const bool holds_other = !shared_holds.empty();
  int& held = HeldByThisThread();
  if (held > 0) {
    ++held;
    return true;
  }
  std::lock_guard lock(mu_);
  if (writer_ || (!holds_other && writers_waiting_ > 0)) {
    ForgetThisThread();
    return false;
  }
  ++readers_;
  held = 1;
  return true;
}

void LifecycleMutex::unlock_shared() {
  int& held = HeldByThisThread();
  if (--held > 0) return;
  ForgetThisThread();
  bool last;
  {
    std::lock_guard lock(mu_);
    last = --readers_ == 0;
  }
  if (last) changed_.notify_all();
}

}  // namespace nimbus::dynamodb
