// SNS's errors as values (aws::Error), one factory per code SNS documents, with its wording.
// Rendered as <ErrorResponse> in one place, SnsErrorReply.
#pragma once

#include <string>
#include <string_view>

#include "aws/error.h"
#include "events/events.h"

namespace nimbus::events::sns_errors {

// "Invalid parameter: <what>" (400 InvalidParameter).
aws::Error InvalidParameter(std::string_view what);
// 400 InvalidParameterValue with the message as given (message attributes).
aws::Error InvalidParameterValue(std::string message);
aws::Error TopicNotFound();         // 404 NotFound "Topic does not exist"
aws::Error SubscriptionNotFound();  // 404 NotFound "Subscription does not exist"
aws::Error ResourceNotFound();      // 404 ResourceNotFound "Resource does not exist" (tags)
// "1 validation error detected: Value null at '<member>' failed to satisfy constraint: Member
// must not be null" (400 ValidationError).
aws::Error MissingMember(std::string_view member);
aws::Error InvalidAction(std::string_view action);  // 400 InvalidAction
aws::Error TagLimitExceeded();                      // 400 TagLimitExceeded

}  // namespace nimbus::events::sns_errors
