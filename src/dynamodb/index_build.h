// Builds (backfills) a global secondary index UpdateTable adds to a table that has items.
//
// Race-free against concurrent writes by construction: each step holds the table's lifecycle
// lock exclusively (no item write is in flight) while it indexes the next bounded batch of
// items in storage-key order and advances the index's `built_through` mark. Between steps,
// writes maintain the index only for items at or below the mark (IndexCoversKey), and leave
// the others to the build, which reads them as they are when it gets there. When no item is
// left, the index turns ACTIVE, persisted in the same batch as its last entries.
#pragma once

#include <cstddef>
#include <functional>

#include "dynamodb/errors.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {

// Items one step indexes: bounds how long writes to the table wait.
inline constexpr std::size_t kIndexBuildBatchItems = 256;

// One step for every index of `table` being built; true if a build remains.
Result<bool> BuildIndexesStep(Storage& storage, TableCatalog& catalog, Table& table,
                              std::size_t max_items = kIndexBuildBatchItems);

// Runs steps over every table until no build remains, or `keep_going` says stop. Returns false
// if a step failed (storage error): the builds stay where they are, to be retried.
bool RunIndexBuilds(
    Storage& storage, TableCatalog& catalog,
    const std::function<bool()>& keep_going = [] { return true; });

}  // namespace nimbus::dynamodb
