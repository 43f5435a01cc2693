// DynamoDB's error replies ({"__type": "com.amazonaws.dynamodb.v20120810#Name", "message": ...})
// and which of them are worth another attempt.
#pragma once

#include <boost/json/parse_options.hpp>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"

namespace nimbus::sdk::dynamodb {

Error ParseError(int http_status, std::string_view body);

// Items nest 32 levels, each two JSON levels deep ({"M":{"k":...}}): Boost.JSON's default
// depth of 32 would refuse replies DynamoDB sends.
boost::json::parse_options ReplyParseOptions();

// Throttling, server-side failures and transport failures (http_status 0).
bool IsRetryable(const Error& error);

}  // namespace nimbus::sdk::dynamodb
