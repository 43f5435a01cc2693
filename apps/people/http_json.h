// The JSON side of HTTP for the controllers: responses with a JSON body (every response says
// application/json, even an empty 204) and reading a request body that must be a JSON object.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <string_view>

#include "nimbus/sdk/apigw.h"

namespace nimbus::people {

sdk::apigw::ProxyResponse JsonResponse(int status, const boost::json::value& body);
// {"message": message}
sdk::apigw::ProxyResponse MessageResponse(int status, std::string_view message);
sdk::apigw::ProxyResponse EmptyResponse(int status);

// The body as a JSON object (base64-decoded first when API Gateway encoded it), or the 400
// response that says why it is not one.
std::expected<boost::json::object, sdk::apigw::ProxyResponse> ReadJsonObjectBody(
    const sdk::apigw::ProxyRequest& request);

}  // namespace nimbus::people
