// Order-preserving storage keys for items. Within one table, RocksDB's bytewise order of the
// encoded keys is DynamoDB's order: by hash key, then by range key (S and B bytewise, N
// numerically). Every part is prefix-free, so "all items with hash key H" is one key prefix
// (what Query needs).
//
//   item key = kItemSpace | table id (8 bytes, big-endian) | part(hash) [| part(range)]
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
inline constexpr char kStatsSpace = 's';  // item counters (table_stats.h)

// REQUIRES: v is S, N or B.
std::string EncodeKeyPart(const AttributeValue& v);

// The bytes every encoding of an S or B value that starts with `v` starts with (begins_with).
std::string EncodeKeyPartPrefix(const AttributeValue& v);

// The first key after every key that starts with `prefix`.
std::string PrefixSuccessor(std::string prefix);

std::string TablePrefix(std::uint64_t table_id);
// The first key past every item of the table (for DeleteRange and scans).
std::string TablePrefixEnd(std::uint64_t table_id);

// `range` is null for a table without a sort key.
std::string ItemKey(std::uint64_t table_id, const AttributeValue& hash,
                    const AttributeValue* range);

}  // namespace nimbus::dynamodb
