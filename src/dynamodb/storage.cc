#include "dynamodb/storage.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <functional>

#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {
namespace {

// Point reads dominate (GetItem, and every conditional write reads its item first): a bloom
// filter skips SST files without the key, and a block cache keeps the hot set in memory.
constexpr double kBloomBitsPerKey = 10;
constexpr std::size_t kBlockCacheBytes = 256 * 1024 * 1024;

rocksdb::Options StorageOptions() {
  rocksdb::Options options;
  options.create_if_missing = true;
  // Writers waiting for the write group leader would spin with sched_yield; on a 2-core
  // machine that steals the core the leader needs.
  options.enable_write_thread_adaptive_yield = false;
  options.merge_operator = NewCountersMergeOperator();
  // Collapses a hot counter's operands in the memtable instead of at every read.
  options.max_successive_merges = 64;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  table.block_cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

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
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(StorageOptions(), dir.string(), &raw);
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

std::size_t Storage::StripeOf(std::string_view key) const {
  return std::hash<std::string_view>{}(key) % key_mutexes_.size();
}

std::mutex& Storage::KeyMutex(std::string_view key) { return key_mutexes_[StripeOf(key)]; }

Storage::MultiKeyLock Storage::LockKeys(const std::vector<std::string>& keys) {
  std::vector<std::size_t> stripes;
  stripes.reserve(keys.size());
  for (const std::string& key : keys) stripes.push_back(StripeOf(key));
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  std::vector<std::mutex*> ordered;
  ordered.reserve(stripes.size());
  for (std::size_t stripe : stripes) ordered.push_back(&key_mutexes_[stripe]);
  return MultiKeyLock(std::move(ordered));
}

Storage::MultiKeyLock::MultiKeyLock(std::vector<std::mutex*> ordered)
    : locked_(std::move(ordered)) {
  for (std::mutex* m : locked_) m->lock();
}

Storage::MultiKeyLock::~MultiKeyLock() {
  for (auto it = locked_.rbegin(); it != locked_.rend(); ++it) (*it)->unlock();
}

std::unique_ptr<Storage::Snapshot> Storage::TakeSnapshot() {
  return std::make_unique<Snapshot>(*db_, db_->GetSnapshot());
}

Storage::Snapshot::Snapshot(rocksdb::DB& db, const rocksdb::Snapshot* snapshot)
    : db_(db), snapshot_(snapshot) {}

Storage::Snapshot::~Snapshot() { db_.ReleaseSnapshot(snapshot_); }

Result<std::optional<std::string>> Storage::Snapshot::Get(std::string_view key) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::string value;
  rocksdb::Status s = db_.Get(options, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (auto ok = Check(s); !ok) return Fail(ok.error());
  return std::optional<std::string>(std::move(value));
}

}  // namespace nimbus::dynamodb
