// Per-table and per-index item counters: the ItemCount and TableSizeBytes (IndexSizeBytes) that
// DescribeTable reports, kept exact without scanning. Every item change adds its delta to the
// counters in the same WriteBatch as the item (AppendItemChange), as a RocksDB merge operand, so
// the counters are in the WAL with the item and survive a crash exactly as the item does.
//
//   stats key = kStatsSpace | table id (8, big-endian) | index id (2, big-endian; 0: the table)
//   value     = count (8, little-endian, signed) | bytes (8, little-endian, signed)
#pragma once

#include <rocksdb/merge_operator.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dynamodb/errors.h"
#include "dynamodb/storage.h"

namespace nimbus::dynamodb {

struct Counters {
  std::int64_t count = 0;
  std::int64_t bytes = 0;
};

inline constexpr std::uint16_t kTableCountersId = 0;  // index ids start at 1

std::string CountersKey(std::uint64_t table_id, std::uint16_t index_id = kTableCountersId);
// The first key past every counter of the table (for DeleteRange).
std::string CountersEnd(std::uint64_t table_id);

// Adds `delta` to the counters at `key` when the batch is written; nothing when it is zero.
void AppendCountersDelta(rocksdb::WriteBatch& batch, const std::string& key, Counters delta);

// Zero when the key was never counted.
Result<Counters> ReadCounters(Storage& storage, const std::string& key);

// Sums the operands; installed on the database by Storage::Open. Thread-safe.
std::shared_ptr<rocksdb::MergeOperator> NewCountersMergeOperator();

}  // namespace nimbus::dynamodb
