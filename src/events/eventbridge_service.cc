// EventBridge's JSON 1.1 protocol: the name-keyed operation table and the one place an
// outcome becomes the reply ({"__type": code, "message": ...} for errors).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "events/eventbridge_actions.h"

namespace nimbus::events {
namespace {

namespace json = boost::json;
using Action = eventbridge::Outcome (*)(eventbridge::Core&, const json::object&);

const std::map<std::string, Action, std::less<>>& Actions() {
  static const std::map<std::string, Action, std::less<>> kActions{
      {"PutEvents", eventbridge::PutEvents},
      {"PutRule", eventbridge::PutRule},
      {"DescribeRule", eventbridge::DescribeRule},
      {"ListRules", eventbridge::ListRules},
      {"DeleteRule", eventbridge::DeleteRule},
      {"EnableRule", eventbridge::EnableRule},
      {"DisableRule", eventbridge::DisableRule},
      {"PutTargets", eventbridge::PutTargets},
      {"RemoveTargets", eventbridge::RemoveTargets},
      {"ListTargetsByRule", eventbridge::ListTargetsByRule},
      {"CreateEventBus", eventbridge::CreateEventBus},
      {"DeleteEventBus", eventbridge::DeleteEventBus},
      {"DescribeEventBus", eventbridge::DescribeEventBus},
      {"ListEventBuses", eventbridge::ListEventBuses},
      {"TestEventPattern", eventbridge::TestEventPattern},
  };
  return kActions;
}

Reply ErrorReply(const aws::Error& error, std::string request_id) {
  json::object body{{"__type", error.code}, {"message", error.message}};
  return Reply{error.http_status, "application/x-amz-json-1.1", json::serialize(body),
               std::move(request_id)};
}

}  // namespace

Reply HandleEventBridge(Events::Core& core, std::string_view operation, std::string_view body) {
  std::string request_id = NewUuid();
  auto it = Actions().find(operation);
  if (it == Actions().end()) {
    return ErrorReply({400, "UnknownOperationException", ""}, std::move(request_id));
  }
  boost::system::error_code ec;
  auto request = json::parse(body.empty() ? std::string_view("{}") : body, ec);
  if (ec || !request.is_object()) {
    return ErrorReply(
        {400, "SerializationException", "Start of structure or map found where not expected."},
        std::move(request_id));
  }
  auto outcome = it->second(core, request.as_object());
  if (!outcome) return ErrorReply(outcome.error(), std::move(request_id));
  return Reply{200, "application/x-amz-json-1.1", json::serialize(*outcome), std::move(request_id)};
}

}  // namespace nimbus::events
