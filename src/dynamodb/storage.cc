#include "dynamodb/storage.h"

#include <functional>

#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {
namespace {

Result<void> Check(const rocksdb::Status& s) {
  // Storage details never reach a client: DynamoDB says only "Internal server error".
  if (!s.ok()) return Fail(InternalServerError());
  return {};
}

}  // namespace

std::expected<std::unique_ptr<Storage>, std::string> Storage::Open(const std::filesystem::path& dir,
                                                                   bool sync) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected("cannot create " + dir.string() + ": " + ec.message());
  rocksdb::Options options;
  options.create_if_missing = true;
  options.merge_operator = NewCountersMergeOperator();
  // Collapses a hot counter's operands in the memtable instead of at every read.
  options.max_successive_merges = 64;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
  if (!s.ok())
    return std::unexpected("cannot open RocksDB at " + dir.string() + ": " + s.ToString());
  return std::unique_ptr<Storage>(new Storage(std::unique_ptr<rocksdb::DB>(raw), sync));
}

Storage::Storage(std::unique_ptr<rocksdb::DB> db, bool sync) : db_(std::move(db)) {
  write_options_.sync = sync;
  write_options_.disableWAL = false;
}

Result<std::optional<std::string>> Storage::Get(std::string_view key) {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (auto ok = Check(s); !ok) return Fail(ok.error());
  return std::optional<std::string>(std::move(value));
}

Result<void> Storage::Put(std::string_view key, std::string_view value) {
  return Check(db_->Put(write_options_, rocksdb::Slice(key.data(), key.size()),
                        rocksdb::Slice(value.data(), value.size())));
}

Result<void> Storage::Delete(std::string_view key) {
  return Check(db_->Delete(write_options_, rocksdb::Slice(key.data(), key.size())));
}

Result<void> Storage::Write(rocksdb::WriteBatch& batch) {
  return Check(db_->Write(write_options_, &batch));
}

Storage::Range Storage::Scan(std::string_view from, std::string_view to, bool reverse) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  if (!reverse) {
    it->Seek(rocksdb::Slice(from.data(), from.size()));
  } else {
    it->SeekForPrev(rocksdb::Slice(to.data(), to.size()));
    if (it->Valid() && it->key() == rocksdb::Slice(to.data(), to.size())) it->Prev();
  }
  return Range(std::move(it), std::string(from), std::string(to), reverse);
}

Storage::Range::Range(std::unique_ptr<rocksdb::Iterator> it, std::string from, std::string to,
                      bool reverse)
    : it_(std::move(it)), from_(std::move(from)), to_(std::move(to)), reverse_(reverse) {}

bool Storage::Range::Valid() const {
  return it_->Valid() && it_->key().compare(rocksdb::Slice(to_)) < 0 &&
         it_->key().compare(rocksdb::Slice(from_)) >= 0;
}

std::string_view Storage::Range::key() const { return {it_->key().data(), it_->key().size()}; }

std::string_view Storage::Range::value() const {
  return {it_->value().data(), it_->value().size()};
}

void Storage::Range::Next() {
  if (reverse_) {
    it_->Prev();
  } else {
    it_->Next();
  }
}

bool Storage::Range::Ok() const { return it_->status().ok(); }

std::mutex& Storage::KeyMutex(std::string_view key) {
  return key_mutexes_[std::hash<std::string_view>{}(key) % key_mutexes_.size()];
}

}  // namespace nimbus::dynamodb
