// Storage keys for items. Within one table the items are ordered as DynamoDB orders them: by a
// 16-bit hash of the partition key (so a Scan walks partitions in hash order, and a parallel
// Scan segment is one contiguous slice of hash values), then by partition key, then by sort
// key (S and B bytewise, N numerically). Every part is prefix-free, so "all items with
// partition key H" is one key prefix (what Query needs).
//
//   item key = kItemSpace | table id (8 bytes, big-endian) | partition(hash) [| part(range)]
//   partition(v) = hash16(part(v)) (2 bytes, big-endian) | part(v)
//
// Secondary index entries (index.h) start their index key with the same partition() form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace nimbus::dynamodb {

// Keyspaces of the single RocksDB column family. Indexes will live under kIndexSpace.
inline constexpr char kCatalogSpace = 'c';
inline constexpr char kItemSpace = 'i';
inline constexpr char kIndexSpace = 'x';
inline constexpr char kClientTokenSpace = 'r';  // TransactWriteItems ClientRequestTokens
inline constexpr char kStatsSpace = 's';        // item counters (table_stats.h)

// REQUIRES: v is S, N or B.
std::string EncodeKeyPart(const AttributeValue& v);

// The bytes every encoding of an S or B value that starts with `v` starts with (begins_with).
std::string EncodeKeyPartPrefix(const AttributeValue& v);

// The first key after every key that starts with `prefix`.
std::string PrefixSuccessor(std::string prefix);

// The partition part of a key: the 2-byte hash of EncodeKeyPart(v), then EncodeKeyPart(v).
// REQUIRES: v is S, N or B.
std::string EncodePartition(const AttributeValue& v);
std::uint16_t PartitionHash(std::string_view encoded_part);

// Number of distinct partition hash values (the 2-byte hash space).
inline constexpr std::uint32_t kPartitionHashSpace = 1u << 16;

// The keys [from, to) of segment `segment` of `total` (parallel Scan) within a key space whose
// keys are `space_prefix` | partition(...) | ...: a contiguous slice of the hash space. The
// segments tile the space, so every item falls in exactly one.
// REQUIRES: 0 <= segment < total.
struct KeyRange {
  std::string from;
  std::string to;
};
KeyRange SegmentRange(const std::string& space_prefix, std::uint64_t segment, std::uint64_t total);

std::string TablePrefix(std::uint64_t table_id);
// The first key past every item of the table (for DeleteRange and scans).
std::string TablePrefixEnd(std::uint64_t table_id);

// `range` is null for a table without a sort key.
std::string ItemKey(std::uint64_t table_id, const AttributeValue& hash,
                    const AttributeValue* range);

}  // namespace nimbus::dynamodb
