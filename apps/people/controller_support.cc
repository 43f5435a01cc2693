#include "people/controller_support.h"

#include <algorithm>
#include <charconv>

#include "people/field_rules.h"
#include "people/problem.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;

// nullopt unless `text` is a plain decimal integer that fits an int; the range is the service's.
std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (text.empty() || ec != std::errc() || end != last) return std::nullopt;
  return value;
}

std::string CallerOf(const ProxyRequest& request) {
  const auto* principal = request.request_context.authorizer.if_contains("principalId");
  return principal != nullptr && principal->is_string() ? std::string(principal->get_string())
                                                        : std::string();
}

}  // namespace

std::expected<ListQuery, FieldError> ReadListQuery(const ProxyRequest& request) {
  ListQuery query;
  if (auto limit = request.QueryParameter("limit")) {
    query.limit = ParseInt(*limit);
    if (!query.limit) return std::unexpected(PageLimitError());
  }
  if (auto token = request.QueryParameter("nextToken")) query.next_token = std::string(*token);
  return query;
}

std::expected<std::optional<IfMatch>, FieldError> ReadIfMatch(const ProxyRequest& request) {
  auto header = request.Header("If-Match");
  if (!header) return std::optional<IfMatch>();
  auto parsed = ParseIfMatch(*header);
  if (!parsed) return std::unexpected(FieldError{"If-Match", parsed.error()});
  return std::optional<IfMatch>(std::move(*parsed));
}

std::expected<std::optional<std::string>, FieldError> ReadIdempotencyKey(
    const ProxyRequest& request, std::string_view resource) {
  auto header = request.Header("Idempotency-Key");
  if (!header) return std::optional<std::string>();
  const bool visible = std::ranges::all_of(*header, [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (header->empty() || header->size() > kMaxIdempotencyKeyLength || !visible) {
    return std::unexpected(FieldError{
        "Idempotency-Key",
        "must be 1 to " + std::to_string(kMaxIdempotencyKeyLength) + " visible ASCII characters"});
  }
  // The caller goes first and is length-prefixed, so no choice of key can spell another's.
  const std::string caller = CallerOf(request);
  return std::optional<std::string>(std::string(resource) + "#" + std::to_string(caller.size()) +
                                    ":" + caller + "#" + std::string(*header));
}

ProxyResponse InvalidRequest(const ProxyRequest& request, const FieldErrors& errors) {
  return ProblemResponse(problems::kValidation, "One or more fields are invalid", request.path,
                         errors);
}

ProxyResponse FailureResponse(const ProxyRequest& request, const ServiceError& error,
                              std::string_view not_found_detail, std::ostream& log) {
  using Kind = ServiceError::Kind;
  const std::string_view path = request.path;
  switch (error.kind) {
    case Kind::kInvalidInput:
      return InvalidRequest(request, error.errors);
    case Kind::kNotFound:
      return ProblemResponse(problems::kNotFound, not_found_detail, path);
    case Kind::kEmailTaken:
      return ProblemResponse(problems::kEmailTaken,
                             "Another record already uses this email address", path);
    case Kind::kPreconditionFailed:
      return ProblemResponse(problems::kPreconditionFailed,
                             "The resource has changed since the version If-Match names; "
                             "read it again and retry with its ETag",
                             path);
    case Kind::kIdempotencyKeyReused:
      return ProblemResponse(problems::kIdempotencyKeyReused,
                             "This Idempotency-Key was first used with a different request body",
                             path);
    case Kind::kConcurrentUpdate:
      return ProblemResponse(problems::kConcurrentUpdate,
                             "Other requests kept changing the resource; retry", path);
    case Kind::kInternal:
      break;
  }
  log << "ERROR " << request.http_method << ' ' << request.path
      << " requestId=" << request.request_context.request_id << ": " << error.detail << '\n';
  log.flush();
  return ProblemResponse(problems::kInternal, "The request could not be completed", path);
}

}  // namespace nimbus::people
