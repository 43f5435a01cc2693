#include "gateway/request_validator.h"

#include <boost/json/parse.hpp>
#include <set>

#include "gateway/codec.h"
#include "gateway/json_schema.h"

namespace nimbus::gateway {

namespace {

std::set<std::string> QueryNames(std::string_view target) {
  std::set<std::string> names;
  auto question = target.find('?');
  if (question == std::string_view::npos) return names;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) names.insert(PercentDecodeQuery(pair.substr(0, pair.find('='))));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return names;
}

bool IsPresent(const RequiredParameter& parameter, const net::Request& request,
               const RouteMatch& match, const std::set<std::string>& query_names) {
  switch (parameter.in) {
    case RequiredParameter::In::kHeader:
      return request.find(parameter.name) != request.end();
    case RequiredParameter::In::kPath:
      for (const auto& [name, value] : match.path_parameters) {
        if (name == parameter.name) return true;
      }
      return false;
    case RequiredParameter::In::kQueryString:
      return query_names.contains(parameter.name);
  }
  return false;
}

}  // namespace

std::optional<ValidationRefusal> ValidateRequest(const net::Request& request,
                                                 const RouteMatch& match,
                                                 const RequestValidation& validation) {
  if (validation.validate_parameters && !validation.required.empty()) {
    const auto query_names = QueryNames(request.target());
    std::string missing;
    for (const RequiredParameter& parameter : validation.required) {
      if (IsPresent(parameter, request, match, query_names)) continue;
      missing += (missing.empty() ? "" : ", ") + parameter.name;
    }
    if (!missing.empty()) {
      return ValidationRefusal{GatewayError::kBadRequestParameters,
                               "Missing required request parameters: [" + missing + "]"};
    }
  }
  if (validation.validate_body && validation.body_schema) {
    // An empty body is checked as the empty object, as API Gateway does.
    boost::system::error_code ec;
    const auto body =
        boost::json::parse(request.body().empty() ? std::string_view("{}") : request.body(), ec);
    if (ec || !validation.body_schema->Validate(body)) {
      return ValidationRefusal{GatewayError::kBadRequestBody, {}};
    }
  }
  return std::nullopt;
}

}  // namespace nimbus::gateway
