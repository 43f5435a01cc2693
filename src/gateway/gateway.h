// The gateway: API Gateway (REST API and HTTP API, proxy integrations), locally. It serves the
// routes of an OpenAPI 3 document with `x-amazon-apigateway-integration` extensions, turns each
// request into a Lambda proxy event (payload format 1.0, or 2.0 for HTTP APIs), invokes the
// integration's function and maps the proxy response back to HTTP. Unknown routes get API
// Gateway's own 403 (REST) or 404 (HTTP), with the API's gateway response overrides applied.
// Every request is counted per route (MetricsJson) and, if configured, access-logged.
//
//   auto api = gateway::LoadApi(openapi_path, {{"region", "us-east-1"}});
//   gateway::Gateway gw(options, std::move(*api), invoker);
//   server handler: [&](net::Request r, const net::Peer& p) { return gw.Handle(std::move(r), p); }
//
// Thread-safe after construction.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "gateway/protocol.h"
#include "gateway/traffic.h"
#include "lambda/invoker.h"
#include "net/http.h"

namespace nimbus::gateway {

struct Api;  // the loaded routes; defined in api.h
class Router;
class TrafficControl;
class Authorizers;

// Reads an OpenAPI 3 document. `${name}` placeholders (as Terraform's templatefile fills them)
// are replaced from `variables`; an unknown placeholder is an error. Errors name the file and
// the path inside it.
// `protocol` says which flavour the document describes (stack.yaml `api.protocol`);
// `${stageVariables.x}` is filled from variables["stageVariables.x"].
std::expected<std::shared_ptr<const Api>, std::string> LoadApi(
    const std::filesystem::path& openapi, const std::map<std::string, std::string>& variables,
    ApiProtocol protocol = ApiProtocol::kRest);

class AccessLog;
class RouteMetrics;
enum class GatewayError;

struct GatewayOptions {
  std::string api_id = "local";
  // REST APIs answer both /people and /{stage}/people (the execute-api form); an HTTP API's
  // "$default" stage has no prefix.
  std::string stage = "local";
  std::map<std::string, std::string> stage_variables;  // the events' stageVariables
  std::shared_ptr<AccessLog> access_log;               // null: no access logging
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // The time stamped on events (requestTime, trace ids); empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  // API keys, usage plans, stage and account throttles (traffic.h).
  TrafficOptions traffic;
};

class Gateway {
 public:
  // REQUIRES: `api` came from LoadApi (or passes the same checks); throws std::invalid_argument
  // otherwise. `invoker` outlives the Gateway.
  Gateway(GatewayOptions options, std::shared_ptr<const Api> api, lambda::Invoker& invoker);
  ~Gateway();
  boost::asio::awaitable<net::Response> Handle(net::Request request, const net::Peer& peer) const;

  // The per-route counters since start (route_metrics.h), as JSON text.
  std::string MetricsJson() const;

  struct Exchange;  // one request on its way through Handle

 private:
  net::Response Fail(GatewayError error, Exchange& exchange, std::string_view message = {}) const;
  net::Response Complete(net::Response response, Exchange& exchange) const;
  // Everything after CORS: Handle answers preflights and decorates what this returns.
  boost::asio::awaitable<net::Response> Serve(net::Request request, const net::Peer& peer) const;

  GatewayOptions options_;
  std::shared_ptr<const Api> api_;
  std::unique_ptr<const Router> router_;
  std::unique_ptr<const TrafficControl> traffic_;
  lambda::Invoker& invoker_;
  std::unique_ptr<RouteMetrics> metrics_;
  std::unique_ptr<const Authorizers> authorizers_;
};

}  // namespace nimbus::gateway
