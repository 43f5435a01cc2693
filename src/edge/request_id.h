// Request ids in the forms AWS services use.
#pragma once

#include <string>

namespace nimbus::edge {

// DynamoDB's: 52 characters of [A-Z0-9].
std::string NewDynamoDbRequestId();
// Lambda's and API Gateway's: a UUID v4.
std::string NewUuid();

}  // namespace nimbus::edge
