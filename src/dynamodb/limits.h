// Every DynamoDB limit this service enforces, in one place. Values are the ones the DynamoDB
// developer guide ("Service, account, and table quotas") documents.
#pragma once

#include <cstddef>

namespace nimbus::dynamodb::limits {

inline constexpr std::size_t kMinTableNameLength = 3;
inline constexpr std::size_t kMaxTableNameLength = 255;
inline constexpr std::size_t kMaxIndexNameLength = 255;

inline constexpr std::size_t kMaxItemSizeBytes = 400 * 1024;
inline constexpr std::size_t kMaxHashKeyBytes = 2048;
inline constexpr std::size_t kMaxRangeKeyBytes = 1024;

// Numbers: up to 38 significant digits; magnitude 1E-130 .. 9.99...E+125.
inline constexpr int kMaxNumberDigits = 38;
inline constexpr int kMinNumberExponent = -130;  // of the smallest magnitude, 1E-130
inline constexpr int kMaxNumberExponent = 125;   // of the largest magnitude, 9.9E+125

inline constexpr int kMaxListTablesLimit = 100;
inline constexpr std::size_t kMaxBatchGetKeys = 100;
inline constexpr std::size_t kMaxBatchWriteRequests = 25;
inline constexpr long long kMaxTotalSegments = 1'000'000;      // parallel Scan
inline constexpr std::size_t kMaxScanPageBytes = 1024 * 1024;  // a Scan page stops at 1 MB

inline constexpr std::size_t kMaxExpressionLength = 4096;
inline constexpr std::size_t kMaxAttributesToGet = 255;  // names in a legacy AttributesToGet
inline constexpr std::size_t kMaxAttributeNameBytes = 65535;
inline constexpr int kMaxDocumentPathDepth = 32;
inline constexpr std::size_t kMaxInOperands = 100;  // values in one IN ( ... ) list
// How deep an expression's grammar may nest (parentheses, NOT, function calls). DynamoDB
// documents no figure; this bounds the parser's recursion well past any real expression.
inline constexpr int kMaxExpressionNestingDepth = 64;
// JSON nesting a request or reply may reach. Items nest 32 levels, each two JSON levels deep
// ({"M":{"k":...}}), but a request nesting deeper must still parse, so that it gets DynamoDB's
// "Nesting Levels have exceeded supported limits" rather than a SerializationException; only
// far deeper documents are refused by the JSON reader itself.
inline constexpr std::size_t kMaxJsonDepth = 1000;
inline constexpr int kMaxGlobalSecondaryIndexes = 20;
inline constexpr int kMaxLocalSecondaryIndexes = 5;
inline constexpr std::size_t kMaxNonKeyAttributesPerIndex = 20;  // Projection.NonKeyAttributes

// Provisioned capacity (DescribeLimits reports these account defaults).
inline constexpr long long kAccountMaxReadCapacityUnits = 80000;
inline constexpr long long kAccountMaxWriteCapacityUnits = 80000;
inline constexpr long long kTableMaxReadCapacityUnits = 40000;
inline constexpr long long kTableMaxWriteCapacityUnits = 40000;

// Tags (TagResource, CreateTable): per resource; key and value lengths in characters.
inline constexpr std::size_t kMaxTagsPerResource = 50;
inline constexpr std::size_t kMaxTagKeyLength = 128;
inline constexpr std::size_t kMaxTagValueLength = 256;

// TimeToLiveSpecification.AttributeName.
inline constexpr std::size_t kMaxTtlAttributeNameLength = 255;
// TTL leaves alone items whose expiry is more than five years in the past.
inline constexpr double kTtlMaxPastSeconds = 5.0 * 365 * 24 * 3600;

// Transactions (TransactWriteItems / TransactGetItems).
inline constexpr std::size_t kMaxTransactionActions = 100;
inline constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;  // aggregate item size
inline constexpr std::size_t kMaxClientRequestTokenLength = 36;
// A ClientRequestToken makes TransactWriteItems idempotent for this long after its first
// completed use.
inline constexpr double kIdempotencyWindowSeconds = 10 * 60;

}  // namespace nimbus::dynamodb::limits
