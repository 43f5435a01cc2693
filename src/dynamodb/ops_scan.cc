// Scan: the table's items in storage-key order, one page at a time.
#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/index.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/read_page.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

struct Segmenting {
  long long segment = 0;
  long long total = 1;
};

Result<Segmenting> ParseSegments(const Request& req) {
  auto segment = OptionalInteger(req, "Segment");
  if (!segment) return Fail(segment.error());
  auto total = OptionalInteger(req, "TotalSegments");
  if (!total) return Fail(total.error());
  // The request validator's range checks come first, all of them reported at once.
  std::vector<std::string> violations;
  if (*segment && **segment < 0) {
    violations.push_back("Value '" + std::to_string(**segment) +
                         "' at 'segment' failed to satisfy constraint: Member must have value "
                         "greater than or equal to 0");
  }
  if (*segment && **segment > limits::kMaxTotalSegments - 1) {
    violations.push_back("Value '" + std::to_string(**segment) +
                         "' at 'segment' failed to satisfy constraint: Member must have value "
                         "less than or equal to " +
                         std::to_string(limits::kMaxTotalSegments - 1));
  }
  if (*total && **total < 1) {
    violations.push_back("Value '" + std::to_string(**total) +
                         "' at 'totalSegments' failed to satisfy constraint: Member must have "
                         "value greater than or equal to 1");
  }
  if (*total && **total > limits::kMaxTotalSegments) {
    violations.push_back("Value '" + std::to_string(**total) +
                         "' at 'totalSegments' failed to satisfy constraint: Member must have "
                         "value less than or equal to " +
                         std::to_string(limits::kMaxTotalSegments));
  }
  if (!violations.empty()) return Fail(ValidationErrors(violations));
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
  if (**segment >= **total) {
    return Fail(ValidationError(
        "The Segment parameter is zero-based and must be less than "
        "parameter TotalSegments: Segment: " +
        std::to_string(**segment) + " is not less than TotalSegments: " + std::to_string(**total)));
  }
  return Segmenting{**segment, **total};
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

  // A segment is a slice of the partition-hash space (key_codec.h), so it reads only its
  // own items; the segments together cover every item exactly once.
  std::string space = *index ? IndexPrefix((*table)->id, **index) : TablePrefix((*table)->id);
  KeyRange slice = SegmentRange(space, static_cast<std::uint64_t>(segments->segment),
                                static_cast<std::uint64_t>(segments->total));
  std::string from = std::move(slice.from);
  std::string to = std::move(slice.to);
  if (const json::value* start = req.if_contains("ExclusiveStartKey");
      start != nullptr && !start->is_null()) {
    auto key = StartStorageKey(**table, *index, *start);
    if (!key) return Fail(key.error());
    from = std::max(from, *key + '\0');  // the first key after the start key
  }

  PageBuilder page(**table, *index, *params);
  if (from < to) {
    auto range = ctx.storage.Scan(from, to);
    if (auto ok = page.AddAll(range); !ok) return Fail(ok.error());
  }
  return page.Finish(req);
}

}  // namespace nimbus::dynamodb
