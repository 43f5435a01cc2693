#include "lambda/api/function_ref.h"

#include <regex>
#include <vector>

#include "lambda/ids.h"

namespace nimbus::lambda::api {
namespace {

// The patterns as the API reference prints them (they appear in ValidationException).
constexpr std::string_view kNamespacedPattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";
constexpr std::string_view kPlainPattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)";
constexpr std::string_view kQualifierPattern = "(|[a-zA-Z0-9$_-]+)";
constexpr std::size_t kMaxNamespacedLength = 170;
constexpr std::size_t kMaxPlainLength = 140;
constexpr std::size_t kMaxQualifierLength = 128;

// The same patterns for std::regex (ECMAScript wants the dash in a class escaped).
const std::regex& NameRegex(NameShape shape) {
  static const std::regex namespaced(
      R"((arn:(aws[a-zA-Z\-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?)");
  static const std::regex plain(
      R"((arn:(aws[a-zA-Z\-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_]+)(:(\$LATEST|[a-zA-Z0-9\-_]+))?)");
  return shape == NameShape::kNamespaced ? namespaced : plain;
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto colon = text.find(':', start);
    parts.emplace_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) return parts;
    start = colon + 1;
  }
}

}  // namespace

std::expected<FunctionRef, ApiError> ParseFunctionRef(std::string_view raw,
                                                      std::optional<std::string_view> qualifier,
                                                      NameShape shape, Locality here) {
  const bool namespaced = shape == NameShape::kNamespaced;
  const std::size_t max_length = namespaced ? kMaxNamespacedLength : kMaxPlainLength;
  if (raw.size() > max_length) {
    return std::unexpected(
        Validation(raw, "functionName",
                   "Member must have length less than or equal to " + std::to_string(max_length)));
  }
  if (raw.empty() || !std::regex_match(raw.begin(), raw.end(), NameRegex(shape))) {
    return std::unexpected(
        Validation(raw, "functionName",
                   "Member must satisfy regular expression pattern: " +
                       std::string(namespaced ? kNamespacedPattern : kPlainPattern)));
  }
  if (qualifier) {
    static const std::regex qualifier_regex("[a-zA-Z0-9$_\\-]*");
    if (qualifier->size() > kMaxQualifierLength) {
      return std::unexpected(Validation(
          *qualifier, "qualifier",
          "Member must have length less than or equal to " + std::to_string(kMaxQualifierLength)));
    }
    if (qualifier->empty() ||
        !std::regex_match(qualifier->begin(), qualifier->end(), qualifier_regex)) {
      return std::unexpected(Validation(
          *qualifier, "qualifier",
          "Member must satisfy regular expression pattern: " + std::string(kQualifierPattern)));
    }
  }

  // The pattern guarantees the structure: [arn:PARTITION:lambda:][REGION:][ACCOUNT:]
  // [function:]NAME[:QUALIFIER], so everything hangs off the "function" label when present.
  const auto parts = Split(raw);
  FunctionRef ref;
  std::string region(here.region);
  std::string account(here.account_id);
  std::size_t label = parts.size();
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "function") {
      label = i;
      break;
    }
  }
  if (label < parts.size()) {
    ref.name = parts[label + 1];
    if (label + 2 < parts.size()) ref.qualifier = parts[label + 2];
    if (label >= 1) account = parts[label - 1];
    if (label >= 2) region = parts[label - 2];
  } else {
    ref.name = parts[0];
    if (parts.size() > 1) ref.qualifier = parts[1];
  }
  if (qualifier && !ref.qualifier.empty() && ref.qualifier != *qualifier) {
    return std::unexpected(InvalidParameterValue(
        "The derived qualifier from the function name does not match the specified qualifier."));
  }
  if (qualifier) ref.qualifier = std::string(*qualifier);
  if (region != here.region) {
    return std::unexpected(ResourceNotFound("Functions from '" + region +
                                            "' are not reachable in this region ('" +
                                            std::string(here.region) + "')"));
  }
  if (account != here.account_id) {
    std::string arn = FunctionArn(region, account, ref.name);
    if (!ref.qualifier.empty()) arn += ":" + ref.qualifier;
    return std::unexpected(ResourceNotFound("Function not found: " + arn));
  }
  return ref;
}

}  // namespace nimbus::lambda::api
