// The RocksDB instance under Options::data_dir, and the per-key locks that serialize
// read-modify-write on one item. Every write goes through the WAL; `sync` makes each write
// fsync it. Thread-safe.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <array>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/errors.h"

namespace nimbus::dynamodb {

class Storage {
 public:
  static std::expected<std::unique_ptr<Storage>, std::string> Open(const std::filesystem::path& dir,
                                                                   bool sync);

  Result<std::optional<std::string>> Get(std::string_view key);
  Result<void> Put(std::string_view key, std::string_view value);
  Result<void> Delete(std::string_view key);
  Result<void> Write(rocksdb::WriteBatch& batch);

  // Iterates [from, to) in key order (descending if `reverse`), over a consistent snapshot.
  class Range {
   public:
    Range(std::unique_ptr<rocksdb::Iterator> it, std::string from, std::string to, bool reverse);
    bool Valid() const;
    std::string_view key() const;
    std::string_view value() const;
    void Next();
    bool Ok() const;

   private:
    std::unique_ptr<rocksdb::Iterator> it_;
    std::string from_;
    std::string to_;
    bool reverse_;
  };
  Range Scan(std::string_view from, std::string_view to, bool reverse = false);

  // Held across a conditional write's read and write: no update on one key is lost.
  std::mutex& KeyMutex(std::string_view key);

  // The key mutexes of several keys at once (a transaction's items), held until destroyed.
  // Each stripe is locked once, in ascending stripe order, so two holders never deadlock, nor
  // a holder and a single-key writer (who holds one stripe and waits for no other).
  class MultiKeyLock {
   public:
    explicit MultiKeyLock(std::vector<std::mutex*> ordered);
    MultiKeyLock(MultiKeyLock&&) = default;
    ~MultiKeyLock();

   private:
    std::vector<std::mutex*> locked_;
  };
  MultiKeyLock LockKeys(const std::vector<std::string>& keys);

  // Reads from one point in time: every Get sees the same committed state (TransactGetItems).
  class Snapshot {
   public:
    Snapshot(rocksdb::DB& db, const rocksdb::Snapshot* snapshot);
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    ~Snapshot();
    Result<std::optional<std::string>> Get(std::string_view key) const;

   private:
    rocksdb::DB& db_;
    const rocksdb::Snapshot* snapshot_;
  };
  std::unique_ptr<Snapshot> TakeSnapshot();

 private:
  Storage(std::unique_ptr<rocksdb::DB> db, bool sync);

  std::size_t StripeOf(std::string_view key) const;

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::WriteOptions write_options_;
  std::array<std::mutex, 256> key_mutexes_;
};

}  // namespace nimbus::dynamodb
