// Errors as RFC 9457 problem details (application/problem+json): every error the API answers
// with has a stable `type` URI a client can switch on, a short `title` that never changes for
// that type, and a `detail` for this occurrence. Nothing internal goes into any of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nimbus/sdk/apigw.h"
#include "people/field_error.h"

namespace nimbus::people {

// One kind of error the API reports: its `type` URI, `title` and HTTP status.
struct ProblemType {
  std::string_view type;
  std::string_view title;
  int status;
};

namespace problems {
inline constexpr ProblemType kValidation{"urn:nimbus:problem:validation-error",
                                         "Request validation failed", 400};
inline constexpr ProblemType kMalformedBody{"urn:nimbus:problem:malformed-body",
                                            "Request body is not a JSON object", 400};
inline constexpr ProblemType kNotFound{"urn:nimbus:problem:not-found", "Resource not found", 404};
inline constexpr ProblemType kEmailTaken{"urn:nimbus:problem:email-already-in-use",
                                         "Email address already in use", 409};
inline constexpr ProblemType kConcurrentUpdate{"urn:nimbus:problem:concurrent-update",
                                               "The resource is being changed concurrently", 409};
inline constexpr ProblemType kPreconditionFailed{
    "urn:nimbus:problem:precondition-failed", "If-Match does not match the current version", 412};
inline constexpr ProblemType kIdempotencyKeyReused{
    "urn:nimbus:problem:idempotency-key-reused",
    "Idempotency-Key was already used with a different request", 422};
inline constexpr ProblemType kInternal{"urn:nimbus:problem:internal-error", "Internal server error",
                                       500};
}  // namespace problems

// `instance` is the request path; `errors` (validation only) names each bad field.
sdk::apigw::ProxyResponse ProblemResponse(const ProblemType& type, std::string_view detail,
                                          std::string_view instance,
                                          const FieldErrors& errors = {});

}  // namespace nimbus::people
