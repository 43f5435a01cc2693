// Gateway::Handle: route, build the proxy event, invoke with the integration timeout, map the
// result back. Every outcome, success or gateway error, leaves through Complete so each
// response carries the same request ids and is counted and logged once.
#include "gateway/gateway.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <variant>

#include "gateway/access_log.h"
#include "gateway/api.h"
#include "gateway/authorizers.h"
#include "gateway/context_variables.h"
#include "gateway/cors.h"
#include "gateway/gateway_errors.h"
#include "gateway/gateway_responses.h"
#include "gateway/ids.h"
#include "gateway/proxy_event.h"
#include "gateway/proxy_event_v2.h"
#include "gateway/proxy_response.h"
#include "gateway/proxy_response_v2.h"
#include "gateway/request_validator.h"
#include "gateway/route_metrics.h"
#include "gateway/router.h"
#include "gateway/traffic_control.h"

namespace nimbus::gateway {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::unique_ptr<const Router> BuildRouter(const Api& api) {
  auto router = Router::Build(api);
  if (!router) throw std::invalid_argument("gateway: invalid API: " + router.error());
  return std::make_unique<const Router>(std::move(*router));
}

std::string RouteKeyOf(const Resource& resource, const Method& method) {
  return method.http_method + " " + resource.path;
}

// The counters' routes, in Api order; the $default route last.
std::vector<std::string> RouteLabels(const Api& api) {
  std::vector<std::string> labels;
  for (const auto& resource : api.resources) {
    for (const auto& [name, method] : resource.methods) {
      labels.push_back(RouteKeyOf(resource, method));
    }
  }
  if (api.default_route) labels.push_back("$default");
  return labels;
}

std::size_t RouteIndex(const Api& api, const Method* wanted) {
  std::size_t i = 0;
  for (const auto& resource : api.resources) {
    for (const auto& [name, method] : resource.methods) {
      if (&method == wanted) return i;
      ++i;
    }
  }
  if (api.default_route && &*api.default_route == wanted) return i;
  return static_cast<std::size_t>(-1);
}

// The path without a leading "/{stage}" segment, or empty if it has none.
std::string_view WithoutStage(std::string_view path, std::string_view stage) {
  if (stage.empty() || stage == "$default" || path.size() < stage.size() + 1) return {};
  if (path[0] != '/' || path.substr(1, stage.size()) != stage) return {};
  std::string_view rest = path.substr(stage.size() + 1);
  if (rest.empty()) return "/";
  return rest[0] == '/' ? rest : std::string_view{};
}

// Lambda-Runtime-Trace-Id: the gateway's trace root with its own segment as the parent.
std::string FunctionTraceHeader(const RequestIds& ids) {
  std::string parent;
  for (char c : ids.request_id) {
    if (c != '-' && parent.size() < 16) parent.push_back(c);
  }
  return ids.trace_id + ";Parent=" + parent + ";Sampled=0";
}

}  // namespace

struct Gateway::Exchange {
  const net::Request& request;
  const net::Peer& peer;
  RequestIds ids;
  std::chrono::system_clock::time_point now;
  SteadyClock::time_point started;
  std::optional<RouteMatch> match;  // method set when a route matched
  const Method* method = nullptr;
  std::string route_key;
  std::chrono::microseconds integration_latency{-1};
  int integration_status = -1;
  std::string error_message;
  std::string error_type;
  std::string api_key;  // the usage plan key the method required, once admitted
  std::string api_key_id;

  ContextVariables Variables(const Gateway& gw) const {
    const auto& options = gw.options_;
    std::string_view target = request.target();
    std::string_view path = target.substr(0, target.find('?'));
    ContextVariables v;
    v.account_id = options.account_id;
    v.api_id = options.api_id;
    v.stage = options.stage;
    v.request_id =
        gw.api_->protocol == ApiProtocol::kHttp ? ids.extended_request_id : ids.request_id;
    v.extended_request_id = ids.extended_request_id;
    v.domain_name = DomainOf(request);
    v.domain_prefix = v.domain_name.substr(0, v.domain_name.find('.'));
    v.http_method = std::string(request.method_string());
    v.path = gw.api_->protocol == ApiProtocol::kHttp ? std::string(path)
                                                     : "/" + options.stage + std::string(path);
    if (match && match->resource != nullptr) {
      v.resource_path = match->resource->path;
      v.resource_id = match->resource->id;
    }
    v.route_key = route_key;
    v.protocol = request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
    v.source_ip = peer.remote.address().to_string();
    v.user_agent = std::string(request[net::http::field::user_agent]);
    v.request_time = FormatRequestTime(now);
    v.request_time_epoch =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    v.trace_id = ids.trace_id;
    if (integration_latency.count() >= 0) {
      v.integration_latency_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(integration_latency).count();
    }
    v.integration_status = integration_status;
    v.error_message = error_message;
    v.error_response_type = error_type;
    v.stage_variables = &options.stage_variables;
    return v;
  }
};

Gateway::Gateway(GatewayOptions options, std::shared_ptr<const Api> api, lambda::Invoker& invoker)
    : options_(std::move(options)),
      api_(std::move(api)),
      router_(BuildRouter(*api_)),
      traffic_(std::make_unique<const TrafficControl>(*api_, std::move(options_.traffic))),
      invoker_(invoker),
      metrics_(std::make_unique<RouteMetrics>(RouteLabels(*api_))) {
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
  authorizers_ = std::make_unique<const Authorizers>(
      *api_, AuthorizerEnvironment{.region = options_.region, .clock = options_.clock}, invoker_);
}

Gateway::~Gateway() = default;

std::string Gateway::MetricsJson() const {
  boost::json::object out = metrics_->ToJson();
  out["ApiName"] = options_.api_id;
  out["Stage"] = options_.stage;
  return boost::json::serialize(out);
}

net::Response Gateway::Fail(GatewayError error, Exchange& exchange,
                            std::string_view message) const {
  if (api_->protocol == ApiProtocol::kHttp) {
    return Complete(MakeHttpApiErrorResponse(error, exchange.request), exchange);
  }
  exchange.error_message =
      message.empty() ? std::string(GatewayErrorMessageOf(error)) : std::string(message);
  exchange.error_type = std::string(GatewayResponseTypeOf(error));
  net::Response response = MakeGatewayErrorResponse(error, exchange.request, message);
  if (!api_->gateway_responses.empty()) {
    ContextVariables vars = exchange.Variables(*this);
    response = ApplyGatewayResponseOverride(
        api_->gateway_responses,
        {.type = exchange.error_type,
         .request = exchange.request,
         .path_parameters = exchange.match ? &exchange.match->path_parameters : nullptr,
         .context = vars},
        std::move(response));
  }
  return Complete(std::move(response), exchange);
}

net::Response Gateway::Complete(net::Response response, Exchange& exchange) const {
  if (api_->protocol == ApiProtocol::kHttp) {
    response.set("apigw-requestid", exchange.ids.extended_request_id);
  } else {
    response.set("x-amzn-RequestId", exchange.ids.request_id);
    response.set("x-amz-apigw-id", exchange.ids.extended_request_id);
    response.set("X-Amzn-Trace-Id", exchange.ids.trace_id);
  }
  auto latency =
      std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - exchange.started);
  metrics_->Record(RouteIndex(*api_, exchange.method), response.result_int(), latency,
                   exchange.integration_latency);
  if (options_.access_log) {
    ContextVariables vars = exchange.Variables(*this);
    vars.status = response.result_int();
    vars.response_length = static_cast<std::int64_t>(response.body().size());
    vars.response_latency_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(latency).count();
    options_.access_log->Write(vars);
  }
  return response;
}

boost::asio::awaitable<net::Response> Gateway::Handle(net::Request request,
                                                      const net::Peer& peer) const {
  const auto& cors = api_->front.cors;
  if (!cors) co_return co_await Serve(std::move(request), peer);
  if (IsPreflight(request)) {
    net::Response preflight = PreflightResponse(*cors, request);
    const RequestIds ids = NewRequestIds(options_.clock(), request["X-Amzn-Trace-Id"]);
    preflight.set("x-amzn-RequestId", ids.request_id);
    preflight.set("x-amz-apigw-id", ids.extended_request_id);
    co_return preflight;
  }
  const std::string origin(request[net::http::field::origin]);
  net::Response response = co_await Serve(std::move(request), peer);
  ApplyCors(*cors, origin, response);
  co_return response;
}

boost::asio::awaitable<net::Response> Gateway::Serve(net::Request request,
                                                     const net::Peer& peer) const {
  using namespace boost::asio::experimental::awaitable_operators;
  const bool http_api = api_->protocol == ApiProtocol::kHttp;
  Exchange exchange{.request = request,
                    .peer = peer,
                    .ids = {},
                    .now = options_.clock(),
                    .started = SteadyClock::now()};
  exchange.ids = NewRequestIds(exchange.now, request["X-Amzn-Trace-Id"]);

  if (request.body().size() > kMaxRequestBodyBytes) {
    co_return Fail(GatewayError::kRequestTooLarge, exchange);
  }
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  exchange.match = router_->Match(request.method_string(), path);
  // The execute-api form /{stage}/path is served too: a path whose stage prefix leads to a
  // route is taken as that route.
  if (std::string_view rest = WithoutStage(path, options_.stage); !rest.empty()) {
    auto staged = router_->Match(request.method_string(), rest);
    if (staged && staged->method != nullptr) {
      exchange.match = std::move(staged);
      // A REST API's event `path` leaves the stage out, as on execute-api; an HTTP API's
      // rawPath keeps it, as AWS sends it.
      if (!http_api) request.target(std::string(rest) + std::string(target.substr(path.size())));
    }
  }
  if (exchange.match && exchange.match->method != nullptr) {
    exchange.method = exchange.match->method;
    exchange.route_key = RouteKeyOf(*exchange.match->resource, *exchange.method);
  } else if (http_api && api_->default_route) {
    exchange.match.reset();
    exchange.method = &*api_->default_route;
    exchange.route_key = "$default";
  } else {
    co_return Fail(GatewayError::kMissingAuthenticationToken, exchange);
  }

  if (exchange.match) {
    const Admission admission =
        traffic_->Admit(request, *exchange.match->resource, *exchange.method, exchange.now);
    if (admission.refusal) co_return Fail(*admission.refusal, exchange);
    if (admission.api_key) {
      exchange.api_key = admission.api_key->value;
      exchange.api_key_id = admission.api_key->id;
    }
  }

  const Integration& integration = exchange.method->integration;
  ProxyEventContext context{
      .resource_path = exchange.match ? exchange.match->resource->path : "$default",
      .resource_id = exchange.match ? exchange.match->resource->id : "",
      .path_parameters = exchange.match ? exchange.match->path_parameters
                                        : std::vector<std::pair<std::string, std::string>>{},
      .account_id = options_.account_id,
      .api_id = options_.api_id,
      .stage = options_.stage,
      .request_id = exchange.ids.request_id,
      .extended_request_id = exchange.ids.extended_request_id,
      .trace_id = exchange.ids.trace_id,
      .request_time = exchange.now,
      .source_ip = peer.remote.address().to_string(),
      .local_port = peer.local.port(),
      .route_key = exchange.route_key,
      .stage_variables = &options_.stage_variables,
      .binary_media_types = &api_->binary_media_types,
      .api_key = exchange.api_key,
      .api_key_id = exchange.api_key_id,
  };
  auto authorized = co_await authorizers_->Authorize(request, *exchange.method, context);
  if (!authorized) co_return Fail(authorized.error(), exchange);
  context.authorizer = std::move(*authorized);
  // Validation follows the authorizer, as in API Gateway: an unauthorized caller learns
  // nothing about the model.
  if (exchange.match) {
    if (const auto& validation = exchange.method->front.validation) {
      if (auto refusal = ValidateRequest(request, *exchange.match, *validation)) {
        co_return Fail(refusal->error, exchange, refusal->message);
      }
    }
  }
  const bool v2 = integration.payload_format_version == "2.0";
  std::string event = boost::json::serialize(v2 ? BuildProxyEventV2(request, context)
                                                : BuildProxyEventV1(request, context));

  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, integration.timeout);
  std::variant<lambda::InvokeResult, std::monostate> outcome;
  const auto invoked = SteadyClock::now();
  try {
    outcome = co_await (invoker_.InvokeTraced(integration.function_name, std::move(event),
                                              FunctionTraceHeader(exchange.ids)) ||
                        timer.async_wait(boost::asio::use_awaitable));
  } catch (const std::exception&) {
    // An Invoker that throws has failed the invocation; the exception stops here, at the
    // request boundary, as the 500 API Gateway sends when Lambda itself fails.
    outcome = lambda::InvokeResult{.outcome = lambda::InvokeResult::Outcome::kServiceError};
  }
  exchange.integration_latency =
      std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - invoked);
  if (outcome.index() == 1) co_return Fail(GatewayError::kIntegrationTimeout, exchange);

  const lambda::InvokeResult& result = std::get<0>(outcome);
  using Outcome = lambda::InvokeResult::Outcome;
  exchange.integration_status = result.outcome == Outcome::kServiceError ? result.http_status : 200;
  switch (result.outcome) {
    case Outcome::kSuccess:
      break;
    case Outcome::kFunctionError:
      co_return Fail(GatewayError::kBadProxyResponse, exchange);
    case Outcome::kServiceError:
      co_return Fail(result.error_type == "TooManyRequestsException"
                         ? GatewayError::kThrottled
                         : GatewayError::kIntegrationFailure,
                     exchange);
  }
  auto proxy = v2 ? ParseProxyResponseV2(result.payload) : ParseProxyResponse(result.payload);
  if (!proxy) co_return Fail(GatewayError::kBadProxyResponse, exchange);
  co_return Complete(ToHttpResponse(std::move(*proxy), request), exchange);
}

}  // namespace nimbus::gateway
