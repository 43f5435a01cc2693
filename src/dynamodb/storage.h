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

 private:
  Storage(std::unique_ptr<rocksdb::DB> db, bool sync);

  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::WriteOptions write_options_;
  std::array<std::mutex, 256> key_mutexes_;
};

}  // namespace nimbus::dynamodb
