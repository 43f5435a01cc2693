// What both controllers read from a request beyond its body (list parameters, If-Match,
// Idempotency-Key) and how they answer a failed use case. Error detail goes to the log,
// never to the client.
#pragma once

#include <expected>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "nimbus/sdk/apigw.h"
#include "people/preconditions.h"
#include "people/service_types.h"

namespace nimbus::people {

// Stripe's bound; the IETF draft sets none. Visible ASCII only, so it is safe in a key.
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// `limit` and `nextToken` from the query string; a limit that is not an integer is an error.
std::expected<ListQuery, FieldError> ReadListQuery(const sdk::apigw::ProxyRequest& request);
// nullopt when the request has no If-Match.
std::expected<std::optional<IfMatch>, FieldError> ReadIfMatch(
    const sdk::apigw::ProxyRequest& request);
// The Idempotency-Key scoped to `resource` and to the caller the authorizer named (if any), so
// that two clients choosing the same key never see each other's responses. nullopt when absent.
std::expected<std::optional<std::string>, FieldError> ReadIdempotencyKey(
    const sdk::apigw::ProxyRequest& request, std::string_view resource);

// A 400 validation problem naming `errors`.
sdk::apigw::ProxyResponse InvalidRequest(const sdk::apigw::ProxyRequest& request,
                                         const FieldErrors& errors);
// The problem response for `error`; kInternal is logged with the request's id.
sdk::apigw::ProxyResponse FailureResponse(const sdk::apigw::ProxyRequest& request,
                                          const ServiceError& error,
                                          std::string_view not_found_detail, std::ostream& log);

}  // namespace nimbus::people
