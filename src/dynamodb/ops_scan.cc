// Scan: the table's items in storage-key order, one page at a time.
#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/operations.h"
#include "dynamodb/read_page.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

constexpr long long kMaxTotalSegments = 1'000'000;

struct Segmenting {
  long long segment = 0;
  long long total = 1;
};

Result<Segmenting> ParseSegments(const Request& req) {
  auto segment = OptionalInteger(req, "Segment");
  if (!segment) return Fail(segment.error());
  auto total = OptionalInteger(req, "TotalSegments");
  if (!total) return Fail(total.error());
  if (!*segment && !*total) return Segmenting{};
  if (!*total) {
    return Fail(
        ValidationError("The TotalSegments parameter is required but was not present in "
                        "the request when Segment parameter is present"));
  }
  if (!*segment) {
    return Fail(
        ValidationError("The Segment parameter is required but was not present in the "
                        "request when parameter TotalSegments is present"));
  }
  if (**total < 1 || **total > kMaxTotalSegments) {
    return Fail(MemberError("'" + std::to_string(**total) + "'", "totalSegments",
                            "Member must have value between 1 and 1000000"));
  }
  if (**segment < 0 || **segment >= **total) {
    return Fail(ValidationError(
        "The Segment parameter is zero-based and must be less than "
        "parameter TotalSegments: Segment: " +
        std::to_string(**segment) + " is not less than TotalSegments: " + std::to_string(**total)));
  }
  return Segmenting{**segment, **total};
}

// Items are split among segments by a hash of the hash key, so one partition's items stay
// in one segment (as in DynamoDB) and continuation keys stay within their segment.
bool InSegment(const Table& table, const Item& item, const Segmenting& s) {
  if (s.total == 1) return true;
  std::string key = EncodeKeyPart(item.at(table.hash.name));
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
  return static_cast<long long>(h % static_cast<std::uint64_t>(s.total)) == s.segment;
}

}  // namespace

ReplyBody Scan(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  auto consistent = OptionalBool(req, "ConsistentRead");
  if (!consistent) return Fail(consistent.error());
  auto index = RequestedIndex(**table, req, *consistent);
  if (!index) return Fail(index.error());
  auto params = ParseReadParams(req, false, *index != nullptr);
  if (!params) return Fail(params.error());
  auto segments = ParseSegments(req);
  if (!segments) return Fail(segments.error());

  std::string from = *index ? IndexPrefix((*table)->id, **index) : TablePrefix((*table)->id);
  std::string to = PrefixSuccessor(from);
  if (const json::value* start = req.if_contains("ExclusiveStartKey");
      start != nullptr && !start->is_null()) {
    auto key = StartStorageKey(**table, *index, *start);
    if (!key) return Fail(key.error());
    from = *key + '\0';  // the first key after the start key
  }

  PageBuilder page(**table, *index, *params);
  auto range = ctx.storage.Scan(from, to);
  for (; range.Valid(); range.Next()) {
    auto item = DecodeItem(range.value());
    if (!item) return Fail(InternalServerError());
    if (!InSegment(**table, *item, *segments)) continue;
    auto more = page.Add(*item);
    if (!more) return Fail(more.error());
    if (!*more) break;
  }
  if (!range.Ok()) return Fail(InternalServerError());
  return page.Finish(req);
}

}  // namespace nimbus::dynamodb
