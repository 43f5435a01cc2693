#include "dynamodb/lifecycle_mutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace nimbus::dynamodb {
namespace {

// Readers that keep the lock held by overlapping each other would starve a writer forever on a
// reader-preferring lock; here the writer gets in.
TEST(LifecycleMutexTest, WaitingWriterIsNotStarvedByReaders) {
  LifecycleMutex mu;
  std::atomic<bool> stop = false, written = false;
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        std::shared_lock lock(mu);
        std::this_thread::yield();
      }
    });
  }
  std::thread writer([&] {
    std::unique_lock lock(mu);
    written = true;
  });
  writer.join();
  EXPECT_TRUE(written);
  stop = true;
  for (auto& t : readers) t.join();
}

// A thread holding the lock (or another table's) shared takes more shared holds even while a
// writer waits, so requests over several tables cannot deadlock with UpdateTable.
TEST(LifecycleMutexTest, HoldersOfASharedLockAreNotQueuedBehindWriters) {
  LifecycleMutex a, b;
  std::shared_lock hold_a(a);
  std::shared_lock hold_b(b);
  std::atomic<bool> writers_done = false;
  std::thread writers([&] {
    std::unique_lock la(a);
    std::unique_lock lb(b);
    writers_done = true;
  });
  // Wait until the writer is queued on `a`: a thread holding nothing is then refused.
  for (bool admitted = true; admitted;) {
    std::thread probe([&] {
      admitted = a.try_lock_shared();
      if (admitted) a.unlock_shared();
    });
    probe.join();
  }
  {
    std::shared_lock again(a);  // nested: no wait
    std::shared_lock other(b);  // holds `a`: no wait behind a writer on `b`
  }
  EXPECT_FALSE(writers_done);
  hold_b.unlock();
  hold_a.unlock();
  writers.join();
  EXPECT_TRUE(writers_done);
}

}  // namespace
}  // namespace nimbus::dynamodb
