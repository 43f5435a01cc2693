// A listing that never scans: it Queries an index partition by partition, in a fixed order,
// until a page is full. The people table spreads its people over a few fixed shards (so that no
// single index partition takes every write); the customers table lists by status, and "every
// customer" is the ACTIVE, INACTIVE and SUSPENDED partitions read one after the other. Items
// without the index's attributes (the email claims) are not in the index at all.
#pragma once

#include <string>
#include <vector>

#include "nimbus/sdk/dynamodb.h"
#include "people/page_token.h"
#include "people/repository_types.h"

namespace nimbus::people {

struct PartitionedIndex {
  std::string table;
  std::string index;
  std::string sort_attribute;  // the index's range key
  PageTokenShape token;        // listing name, partition attribute and values, key attributes
};

// At most request.limit items; next_token set while partitions remain. A bad token is
// kInvalidPageToken.
RepositoryResult<Page<sdk::dynamodb::Item>> ListPartitions(sdk::dynamodb::Client& client,
                                                           const PartitionedIndex& index,
                                                           const PageRequest& request);

}  // namespace nimbus::people
