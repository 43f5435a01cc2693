// The JSON side of HTTP for the controllers: responses with a JSON body and reading a request
// body that must be a JSON object.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>

#include "nimbus/sdk/apigw.h"

namespace nimbus::people {

sdk::apigw::ProxyResponse JsonResponse(int status, const boost::json::value& body);
// No body (204); still application/json, as every response of this API is.
sdk::apigw::ProxyResponse EmptyResponse(int status);

// The body as a JSON object (base64-decoded first when API Gateway encoded it), or the 400
// problem response that says why it is not one.
std::expected<boost::json::object, sdk::apigw::ProxyResponse> ReadJsonObjectBody(
    const sdk::apigw::ProxyRequest& request);

}  // namespace nimbus::people
