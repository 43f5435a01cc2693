// Builds the Lambda proxy event of payload format 2.0, the one HTTP APIs send, field for field
// and type for type as AWS does (see shared/fixtures/aws-events/apigw-v2-request-*.json):
// lower-case header names with repeated headers joined by commas, cookies in their own list,
// repeated query parameters joined by commas, absent members left out rather than null.
// A pure function: every id and the time come in `context`.
#pragma once

#include <boost/json/value.hpp>

#include "gateway/proxy_event.h"
#include "net/http.h"

namespace nimbus::gateway {

// Uses context.route_key, .stage, .extended_request_id (HTTP APIs' requestId is the short
// id), .authorizer and .stage_variables; resource_path and resource_id are not part of v2.
boost::json::value BuildProxyEventV2(const net::Request& request, const ProxyEventContext& context);

}  // namespace nimbus::gateway
