// The opaque `nextToken` of a listing that reads several index partitions in turn: which
// partition comes next, and where in it (DynamoDB's LastEvaluatedKey). base64url (no padding)
// of {"l": listing, "p": partition number, "k": key}. Opaque to clients but not signed, so the
// decoder trusts nothing: the token must name the same listing, a partition that exists, and a
// key with exactly the index's attributes, all non-empty strings, in that partition. A forged
// token can therefore only start a page somewhere inside the listing the caller asked for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nimbus/sdk/dynamodb.h"

namespace nimbus::people {

// Longer tokens are refused before decoding; a real one encodes to well under this.
inline constexpr std::size_t kMaxPageTokenLength = 4096;

struct PagePosition {
  std::size_t partition = 0;
  std::optional<sdk::dynamodb::Item> start_key;  // nullopt: the partition's beginning
};

// What a token must agree with: the listing's name, its partitions (values of the partition
// attribute, in reading order) and the attribute names a LastEvaluatedKey of it holds.
struct PageTokenShape {
  std::string listing;
  std::string partition_attribute;
  std::vector<std::string> partitions;
  std::vector<std::string> key_attributes;  // includes partition_attribute
};

std::string EncodePageToken(std::string_view listing, const PagePosition& position);
std::optional<PagePosition> DecodePageToken(std::string_view token, const PageTokenShape& shape);

}  // namespace nimbus::people
