// Gateway::Handle: route, build the proxy event, invoke with the integration timeout, map the
// result back. Every outcome, success or gateway error, leaves through Finish so each response
// carries the same request ids.
#include "gateway/gateway.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <variant>

#include "gateway/api.h"
#include "gateway/authorizers.h"
#include "gateway/gateway_errors.h"
#include "gateway/ids.h"
#include "gateway/proxy_event.h"
#include "gateway/proxy_response.h"
#include "gateway/router.h"

namespace nimbus::gateway {

namespace {

std::unique_ptr<const Router> BuildRouter(const Api& api) {
  auto router = Router::Build(api);
  if (!router) throw std::invalid_argument("gateway: invalid API: " + router.error());
  return std::make_unique<const Router>(std::move(*router));
}

net::Response Finish(net::Response response, const RequestIds& ids) {
  response.set("x-amzn-RequestId", ids.request_id);
  response.set("x-amz-apigw-id", ids.extended_request_id);
  response.set("X-Amzn-Trace-Id", ids.trace_id);
  return response;
}

net::Response FromInvokeResult(const lambda::InvokeResult& result, const net::Request& request) {
  using Outcome = lambda::InvokeResult::Outcome;
  switch (result.outcome) {
    case Outcome::kSuccess:
      break;
    case Outcome::kFunctionError:
      return MakeGatewayErrorResponse(GatewayError::kBadProxyResponse, request);
    case Outcome::kServiceError:
      return MakeGatewayErrorResponse(result.error_type == "TooManyRequestsException"
                                          ? GatewayError::kThrottled
                                          : GatewayError::kIntegrationFailure,
                                      request);
  }
  auto proxy = ParseProxyResponse(result.payload);
  if (!proxy) return MakeGatewayErrorResponse(GatewayError::kBadProxyResponse, request);
  return ToHttpResponse(std::move(*proxy), request);
}

}  // namespace

Gateway::Gateway(GatewayOptions options, std::shared_ptr<const Api> api, lambda::Invoker& invoker)
    : options_(std::move(options)),
      api_(std::move(api)),
      router_(BuildRouter(*api_)),
      invoker_(invoker) {
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
  authorizers_ = std::make_unique<const Authorizers>(
      *api_, AuthorizerEnvironment{.region = options_.region, .clock = options_.clock}, invoker_);
}

Gateway::~Gateway() = default;

boost::asio::awaitable<net::Response> Gateway::Handle(net::Request request,
                                                      const net::Peer& peer) const {
  using namespace boost::asio::experimental::awaitable_operators;
  const auto now = options_.clock();
  const RequestIds ids = NewRequestIds(now, request["X-Amzn-Trace-Id"]);

  if (request.body().size() > kMaxRequestBodyBytes) {
    co_return Finish(MakeGatewayErrorResponse(GatewayError::kRequestTooLarge, request), ids);
  }
  std::string_view target = request.target();
  auto match = router_->Match(request.method_string(), target.substr(0, target.find('?')));
  if (!match || match->method == nullptr) {
    co_return Finish(MakeGatewayErrorResponse(GatewayError::kMissingAuthenticationToken, request),
                     ids);
  }

  const Integration& integration = match->method->integration;
  ProxyEventContext context{
      .resource_path = match->resource->path,
      .resource_id = match->resource->id,
      .path_parameters = std::move(match->path_parameters),
      .account_id = options_.account_id,
      .api_id = options_.api_id,
      .stage = options_.stage,
      .request_id = ids.request_id,
      .extended_request_id = ids.extended_request_id,
      .trace_id = ids.trace_id,
      .request_time = now,
      .source_ip = peer.remote.address().to_string(),
      .local_port = peer.local.port(),
  };
  auto authorized = co_await authorizers_->Authorize(request, *match->method, context);
  if (!authorized) co_return Finish(MakeGatewayErrorResponse(authorized.error(), request), ids);
  context.authorizer = std::move(*authorized);
  std::string event = boost::json::serialize(BuildProxyEventV1(request, context));

  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, integration.timeout);
  std::variant<lambda::InvokeResult, std::monostate> outcome;
  try {
    outcome = co_await (invoker_.Invoke(integration.function_name, std::move(event)) ||
                        timer.async_wait(boost::asio::use_awaitable));
  } catch (const std::exception&) {
    // An Invoker that throws has failed the invocation; the exception stops here, at the
    // request boundary, as the 500 API Gateway sends when Lambda itself fails.
    outcome = lambda::InvokeResult{.outcome = lambda::InvokeResult::Outcome::kServiceError};
  }
  if (outcome.index() == 1) {
    co_return Finish(MakeGatewayErrorResponse(GatewayError::kIntegrationTimeout, request), ids);
  }
  co_return Finish(FromInvokeResult(std::get<0>(outcome), request), ids);
}

}  // namespace nimbus::gateway
