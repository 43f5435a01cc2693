// Time to Live: which items have expired, and the sweep that deletes them.
//
// An item expires when its TTL attribute is a Number of epoch seconds less than now
// (DynamoDB's rule); an attribute of another type, or missing, never expires, and neither do
// items whose expiry is more than five years in the past (limits::kTtlMaxPastSeconds).
// Each deletion happens under the table's lifecycle lock and the item's key lock, after reading
// the item again and re-checking its expiry, through AppendItemChange (index entries and
// counters in the same batch): a concurrent write that extended the item's life wins, and a
// deleted item stays deleted.
#pragma once

#include <cstddef>
#include <string>

#include "dynamodb/attribute_value.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {

bool IsExpired(const Item& item, const std::string& ttl_attribute, double now);

// Deletes every expired item of every table with TTL enabled; returns how many.
std::size_t SweepExpiredItems(Storage& storage, TableCatalog& catalog, double now);

}  // namespace nimbus::dynamodb
