// The opaque `nextToken` of a listing: base64url (no padding) of DynamoDB's LastEvaluatedKey
// JSON. Opaque to clients, not secret: the decoder trusts nothing it reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"

namespace nimbus::people {

// Longer tokens are refused before decoding; a person key encodes to well under this.
inline constexpr std::size_t kMaxPageTokenLength = 4096;

std::string EncodePageToken(const sdk::dynamodb::Item& last_evaluated_key);
// nullopt unless `token` is base64url of a JSON object that is a person's primary key.
std::optional<sdk::dynamodb::Item> DecodePageToken(std::string_view token);

}  // namespace nimbus::people
