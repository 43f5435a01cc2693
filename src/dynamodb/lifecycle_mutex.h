// The lock of a table's lifecycle (Table::lifecycle): item writes hold it shared, schema changes
// (UpdateTable, index build steps, DeleteTable) exclusively. Unlike std::shared_mutex on glibc,
// which lets readers in ahead of a waiting writer, a waiting exclusive locker stops new shared
// lockers, so a steady stream of item writes cannot starve an index build or a DeleteTable.
// A thread that already holds it shared takes it shared again without waiting, and a thread
// holding any table's lifecycle shared (a request touching several tables) does not queue
// behind waiting writers either: only new requests do, so a waiting writer never closes a
// cycle between requests that hold some tables and want others. Meets SharedMutex: use
// std::unique_lock and std::shared_lock.
#pragma once

#include <condition_variable>
#include <mutex>

namespace nimbus::dynamodb {

class LifecycleMutex {
 public:
  LifecycleMutex() = default;
  LifecycleMutex(const LifecycleMutex&) = delete;
  LifecycleMutex& operator=(const LifecycleMutex&) = delete;

  void lock();
  bool try_lock();
  void unlock();

  void lock_shared();
  bool try_lock_shared();
  void unlock_shared();

 private:
  // How many times the calling thread holds this shared (0: not at all).
  int& HeldByThisThread();
  void ForgetThisThread();

  std::mutex mu_;
  std::condition_variable changed_;
  int readers_ = 0;          // guarded by mu_
  int writers_waiting_ = 0;  // guarded by mu_
  bool writer_ = false;      // guarded by mu_
};

}  // namespace nimbus::dynamodb
