#include "dynamodb_errors.h"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace nimbus::sdk::dynamodb {
namespace {

std::string StringAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::vector<CancellationReason> ReadCancellationReasons(const boost::json::object& body) {
  std::vector<CancellationReason> reasons;
  const auto* list = body.if_contains("CancellationReasons");
  if (list == nullptr || !list->is_array()) return reasons;
  for (const boost::json::value& entry : list->get_array()) {
    CancellationReason reason;
    if (entry.is_object()) {
      const boost::json::object& object = entry.get_object();
      reason.code = StringAt(object, "Code");
      reason.message = StringAt(object, "Message");
      if (const auto* item = object.if_contains("Item"); item != nullptr && item->is_object()) {
        reason.item = item->get_object();
      }
    }
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

}  // namespace

boost::json::parse_options ReplyParseOptions() {
  boost::json::parse_options options;
  options.max_depth = 2 * 32 + 16;
  return options;
}

Error ParseError(int http_status, std::string_view body) {
  Error error{.http_status = http_status};
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(body, ec, {}, ReplyParseOptions());
  if (!ec && document.is_object()) {
    const boost::json::object& object = document.get_object();
    if (const auto* type = object.if_contains("__type"); type && type->is_string()) {
      std::string_view name = type->get_string();
      error.type = std::string(name.substr(name.find('#') + 1));  // npos + 1 == 0: no namespace
    }
    for (std::string_view key : {"message", "Message"}) {
      if (const auto* message = object.if_contains(key); message && message->is_string()) {
        error.message = std::string(message->get_string());
        break;
      }
    }
    error.cancellation_reasons = ReadCancellationReasons(object);
  }
  if (error.type.empty()) {
    error.type = http_status >= 500 ? "InternalServerError" : "UnknownError";
    if (error.message.empty()) error.message = std::string(body.substr(0, 256));
  }
  return error;
}

bool IsRetryable(const Error& error) {
  static constexpr std::string_view kRetryable[] = {"ProvisionedThroughputExceededException",
                                                    "ThrottlingException",
                                                    "RequestLimitExceeded",
                                                    "InternalServerError",
                                                    "ServiceUnavailable",
                                                    "CRC32CheckFailed"};
  return error.http_status == 0 || error.http_status >= 500 ||
         std::ranges::find(kRetryable, error.type) != std::end(kRetryable);
}

}  // namespace nimbus::sdk::dynamodb
