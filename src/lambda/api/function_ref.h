// How callers name a function on the Lambda API: a name ("my-function"), a name with a
// qualifier ("my-function:$LATEST"), a partial ARN ("123456789012:function:my-function") or a
// full ARN, each optionally qualified; plus the Qualifier query parameter. Validated as the
// API model constrains them (ValidationException) and checked against this region.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "lambda/api/api_error.h"

namespace nimbus::lambda::api {

// Lambda's only version here: every function runs its latest code.
inline constexpr std::string_view kLatest = "$LATEST";

// The FunctionName shapes of the API model: a namespaced name (Invoke, GetFunction: dots
// allowed, up to 170 characters) or a plain one (the concurrency operations: 140).
enum class NameShape { kNamespaced, kPlain };

struct FunctionRef {
  std::string name;
  std::string qualifier;  // empty when none was given
};

struct Locality {
  std::string_view region;
  std::string_view account_id;
};

std::expected<FunctionRef, ApiError> ParseFunctionRef(std::string_view raw,
                                                      std::optional<std::string_view> qualifier,
                                                      NameShape shape, Locality here);

}  // namespace nimbus::lambda::api
