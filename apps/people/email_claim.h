// Email uniqueness without a read-then-write race: each entity's email is also claimed by an
// item of its own in the entity's table, keyed "EMAIL#<lower-cased email>", written with
// attribute_not_exists in the same transaction as the entity. DynamoDB refuses the second of
// two concurrent claims, so two entities can never share an email.
//
// The claim item holds only the key and `ownerId`; it has none of the attributes the listing
// indexes use, so the (sparse) indexes never show it.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace nimbus::people {

inline constexpr std::string_view kEmailClaimPrefix = "EMAIL#";

// Lower-cased (ASCII): "Ada@Example.com" and "ada@example.com" are one mailbox in practice,
// although RFC 5321 lets a server treat the local part as case-sensitive.
std::string NormalizeEmail(std::string_view email);
bool SameEmail(std::string_view a, std::string_view b);

// Whether `id` is a claim's key, so never an entity's.
bool IsEmailClaimKey(std::string_view id);

// TransactItems entries: claim `email` for `owner_id` (fails when anyone holds it), and give
// it up (fails only when someone else holds it; a missing claim is fine).
boost::json::object ClaimEmail(std::string_view table, std::string_view hash_key,
                               std::string_view email, std::string_view owner_id);
boost::json::object ReleaseEmail(std::string_view table, std::string_view hash_key,
                                 std::string_view email, std::string_view owner_id);

}  // namespace nimbus::people
