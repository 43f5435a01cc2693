#include "events/sns_errors.h"

#include <map>

#include "events/query.h"

namespace nimbus::events::sns_errors {

aws::Error InvalidParameter(std::string_view what) {
  return {400, "InvalidParameter", "Invalid parameter: " + std::string(what)};
}
aws::Error InvalidParameterValue(std::string message) {
  return {400, "InvalidParameterValue", std::move(message)};
}
aws::Error TopicNotFound() { return {404, "NotFound", "Topic does not exist"}; }
aws::Error SubscriptionNotFound() { return {404, "NotFound", "Subscription does not exist"}; }
aws::Error ResourceNotFound() { return {404, "ResourceNotFound", "Resource does not exist"}; }
aws::Error MissingMember(std::string_view member) {
  return {400, "ValidationError",
          "1 validation error detected: Value null at '" + std::string(member) +
              "' failed to satisfy constraint: Member must not be null"};
}
aws::Error InvalidAction(std::string_view action) {
  return {400, "InvalidAction",
          "The action " + std::string(action) + " is not valid for this web service."};
}
aws::Error TagLimitExceeded() {
  return {400, "TagLimitExceeded",
          "Could not complete request: tag quota of per resource exceeded"};
}

}  // namespace nimbus::events::sns_errors

namespace nimbus::events {

Reply SnsErrorReply(const aws::Error& error, const std::string& request_id) {
  const char* type = error.http_status >= 500 ? "Receiver" : "Sender";
  std::string body =
      "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" +
      std::string(type) + "</Type><Code>" + XmlEscape(error.code) + "</Code><Message>" +
      XmlEscape(error.message) + "</Message></Error><RequestId>" + request_id +
      "</RequestId></ErrorResponse>";
  return Reply{error.http_status, "text/xml", std::move(body), request_id};
}

}  // namespace nimbus::events

namespace nimbus::events {

Reply SnsAuthErrorReply(const aws::Error& error, const std::string& request_id) {
  static const std::map<std::string, std::string, std::less<>> kQueryCodes{
      {"MissingAuthenticationTokenException", "MissingAuthenticationToken"},
      {"IncompleteSignatureException", "IncompleteSignature"},
      {"InvalidSignatureException", "SignatureDoesNotMatch"},
      {"UnrecognizedClientException", "InvalidClientTokenId"},
  };
  aws::Error e = error;
  if (auto it = kQueryCodes.find(e.code); it != kQueryCodes.end()) e.code = it->second;
  e.http_status = e.code == "IncompleteSignature" ? 400 : 403;
  return SnsErrorReply(e, request_id);
}

}  // namespace nimbus::events
