// The control-plane reads and the concurrency settings: GetFunction,
// GetFunctionConfiguration, ListFunctions, Get/Put/DeleteFunctionConcurrency,
// GetAccountSettings.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "lambda/api/function_configuration.h"
#include "lambda/api/operations.h"
#include "lambda/ids.h"

namespace nimbus::lambda::api {
namespace {

// ListFunctions returns at most this many functions per page, whatever MaxItems says.
constexpr int kMaxFunctionsPerPage = 50;
constexpr int kMinMaxItems = 1;
constexpr int kMaxMaxItems = 10000;
// Lambda's documented storage quotas (GetAccountSettings AccountLimit).
constexpr std::int64_t kTotalCodeSizeBytes = 80530636800;   // 75 GB
constexpr std::int64_t kCodeSizeUnzippedBytes = 262144000;  // 250 MB
constexpr std::int64_t kCodeSizeZippedBytes = 52428800;     // 50 MB

std::string ArnOf(const Call& call, const FunctionRef& ref) {
  std::string arn = FunctionArn(call.here.region, call.here.account_id, ref.name);
  if (!ref.qualifier.empty()) arn += ":" + ref.qualifier;
  return arn;
}

std::expected<std::pair<FunctionRef, const FunctionConfig*>, ApiError> Resolve(
    const Call& call, std::optional<std::string_view> qualifier, NameShape shape) {
  auto ref = ParseFunctionRef(call.function, qualifier, shape, call.here);
  if (!ref) return std::unexpected(ref.error());
  auto function = ResolveFunction(call, *ref);
  if (!function) return std::unexpected(function.error());
  return std::pair{*ref, *function};
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

boost::json::object ConcurrencyDocument(std::optional<int> reserved) {
  boost::json::object out;
  if (reserved) out["ReservedConcurrentExecutions"] = *reserved;
  return out;
}

}  // namespace

net::Response JsonReply(const net::Request& request, int status, const boost::json::value& body) {
  net::Response response{static_cast<net::http::status>(status), request.version()};
  response.set(net::http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", NewRequestId());
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

std::expected<const FunctionConfig*, ApiError> ResolveFunction(const Call& call,
                                                               const FunctionRef& ref) {
  const FunctionConfig* function = call.host.FindFunction(ref.name);
  if (!function || (!ref.qualifier.empty() && ref.qualifier != kLatest)) {
    return std::unexpected(ResourceNotFound("Function not found: " + ArnOf(call, ref)));
  }
  return function;
}

Reply GetFunctionConfiguration(const Call& call) {
  auto resolved = Resolve(call, call.Query("Qualifier"), NameShape::kNamespaced);
  if (!resolved) return std::unexpected(resolved.error());
  const auto& [ref, function] = *resolved;
  return JsonReply(call.request, 200,
                   FunctionConfiguration(*function, ReadCodeFacts(function->code_dir),
                                         ArnOf(call, ref), Detail::kFull));
}

Reply GetFunction(const Call& call) {
  auto resolved = Resolve(call, call.Query("Qualifier"), NameShape::kNamespaced);
  if (!resolved) return std::unexpected(resolved.error());
  const auto& [ref, function] = *resolved;
  boost::json::object body;
  body["Configuration"] = FunctionConfiguration(*function, ReadCodeFacts(function->code_dir),
                                                ArnOf(call, ref), Detail::kFull);
  // There is no S3 copy of the package to point at; the repository type is still Lambda's.
  body["Code"] = boost::json::object{{"RepositoryType", "S3"}};
  if (auto reserved = call.host.Concurrency().Reserved(function->name)) {
    body["Concurrency"] = ConcurrencyDocument(reserved);
  }
  return JsonReply(call.request, 200, body);
}

Reply ListFunctions(const Call& call) {
  int max_items = kMaxFunctionsPerPage;
  if (auto text = call.Query("MaxItems")) {
    auto value = ParseInt(*text);
    if (!value) {
      return std::unexpected(
          InvalidParameterValue("Invalid value for MaxItems: " + std::string(*text)));
    }
    if (*value < kMinMaxItems) {
      return std::unexpected(Validation(
          *text, "maxItems",
          "Member must have value greater than or equal to " + std::to_string(kMinMaxItems)));
    }
    if (*value > kMaxMaxItems) {
      return std::unexpected(Validation(
          *text, "maxItems",
          "Member must have value less than or equal to " + std::to_string(kMaxMaxItems)));
    }
    max_items = std::min(*value, kMaxFunctionsPerPage);
  }
  if (auto version = call.Query("FunctionVersion"); version && *version != "ALL") {
    return std::unexpected(
        Validation(*version, "functionVersion", "Member must satisfy enum value set: [ALL]"));
  }
  // The marker is the name of the first function of the next page, hex-encoded so that it
  // stays opaque and URL-safe.
  std::string start;
  if (auto marker = call.Query("Marker")) {
    if (marker->size() % 2 != 0 ||
        marker->find_first_not_of("0123456789abcdef") != std::string_view::npos) {
      return std::unexpected(InvalidParameterValue("Invalid Marker: " + std::string(*marker)));
    }
    for (std::size_t i = 0; i < marker->size(); i += 2) {
      start.push_back(static_cast<char>(std::stoi(std::string(marker->substr(i, 2)), nullptr, 16)));
    }
  }
  boost::json::array page;
  boost::json::object body;
  for (const FunctionConfig* function : call.host.Functions()) {
    if (function->name < start) continue;
    if (static_cast<int>(page.size()) == max_items) {
      std::string next;
      static constexpr char kHex[] = "0123456789abcdef";
      for (unsigned char c : function->name) {
        next.push_back(kHex[c >> 4]);
        next.push_back(kHex[c & 15]);
      }
      body["NextMarker"] = next;
      break;
    }
    page.push_back(FunctionConfiguration(
        *function, ReadCodeFacts(function->code_dir),
        FunctionArn(call.here.region, call.here.account_id, function->name), Detail::kList));
  }
  body["Functions"] = std::move(page);
  return JsonReply(call.request, 200, body);
}

Reply GetFunctionConcurrency(const Call& call) {
  auto resolved = Resolve(call, std::nullopt, NameShape::kPlain);
  if (!resolved) return std::unexpected(resolved.error());
  return JsonReply(call.request, 200,
                   ConcurrencyDocument(call.host.Concurrency().Reserved(resolved->second->name)));
}

Reply PutFunctionConcurrency(const Call& call) {
  auto resolved = Resolve(call, std::nullopt, NameShape::kPlain);
  if (!resolved) return std::unexpected(resolved.error());
  boost::system::error_code ec;
  auto body = boost::json::parse(call.request.body(), ec);
  if (ec || !body.is_object()) {
    return std::unexpected(InvalidRequestContent("Could not parse request body into json"));
  }
  const auto* value = body.as_object().if_contains("ReservedConcurrentExecutions");
  if (!value || value->is_null())
    return std::unexpected(ValidationNull("reservedConcurrentExecutions"));
  if (!value->is_int64()) {
    return std::unexpected(
        InvalidRequestContent("Could not parse request body into json: Cannot deserialize "
                              "value of type `int` from " +
                              boost::json::serialize(*value)));
  }
  const auto reserved = value->as_int64();
  if (reserved < 0) {
    return std::unexpected(Validation(std::to_string(reserved), "reservedConcurrentExecutions",
                                      "Member must have value greater than or equal to 0"));
  }
  const int clamped = static_cast<int>(std::min<std::int64_t>(reserved, INT32_MAX));
  auto put = call.host.Concurrency().PutReserved(resolved->second->name, clamped);
  if (!put) return std::unexpected(InvalidParameterValue(put.error()));
  return JsonReply(call.request, 200, ConcurrencyDocument(clamped));
}

Reply DeleteFunctionConcurrency(const Call& call) {
  auto resolved = Resolve(call, std::nullopt, NameShape::kPlain);
  if (!resolved) return std::unexpected(resolved.error());
  call.host.Concurrency().DeleteReserved(resolved->second->name);
  net::Response response{net::http::status::no_content, call.request.version()};
  response.set("x-amzn-RequestId", NewRequestId());
  response.keep_alive(call.request.keep_alive());
  response.prepare_payload();
  return response;
}

Reply GetAccountSettings(const Call& call) {
  std::int64_t total_code = 0;
  const auto functions = call.host.Functions();
  for (const FunctionConfig* function : functions) {
    total_code += static_cast<std::int64_t>(ReadCodeFacts(function->code_dir).size);
  }
  auto& limits = call.host.Concurrency();
  boost::json::object body{{"AccountLimit",
                            {{"TotalCodeSize", kTotalCodeSizeBytes},
                             {"CodeSizeUnzipped", kCodeSizeUnzippedBytes},
                             {"CodeSizeZipped", kCodeSizeZippedBytes},
                             {"ConcurrentExecutions", limits.account_limit()},
                             {"UnreservedConcurrentExecutions", limits.UnreservedLimit()}}},
                           {"AccountUsage",
                            {{"TotalCodeSize", total_code},
                             {"FunctionCount", static_cast<std::int64_t>(functions.size())}}}};
  return JsonReply(call.request, 200, body);
}

}  // namespace nimbus::lambda::api
