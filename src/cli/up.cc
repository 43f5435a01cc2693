#include "cli/up.h"

#include <signal.h>
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/traffic_config.h"
#include "dynamodb/service.h"
#include "edge/authenticator.h"
#include "edge/edge.h"
#include "events/declared.h"
#include "events/events.h"
#include "events/outbox_drain.h"
#include "gateway/access_log.h"
#include "gateway/api.h"
#include "gateway/gateway.h"
#include "lambda/api/lambda_api.h"
#include "lambda/credentials.h"
#include "lambda/function_host.h"
#include "net/http.h"
#include "stack/stack.h"

namespace nimbus::cli {
namespace {

namespace asio = boost::asio;

// How long stopping may take before the process exits anyway.
constexpr auto kShutdownGrace = std::chrono::seconds(3);

boost::json::object CreateTableRequest(const stack::TableSpec& table) {
  boost::json::array definitions;
  for (const auto& [name, type] : table.attributes) {
    definitions.push_back({{"AttributeName", name}, {"AttributeType", type}});
  }
  boost::json::array key_schema{{{"AttributeName", table.hash_key}, {"KeyType", "HASH"}}};
  if (table.range_key) {
    key_schema.push_back({{"AttributeName", *table.range_key}, {"KeyType", "RANGE"}});
  }
  boost::json::object request{{"TableName", table.name},
                              {"AttributeDefinitions", definitions},
                              {"KeySchema", key_schema},
                              {"BillingMode", table.billing_mode}};
  if (table.billing_mode == "PROVISIONED") {
    request["ProvisionedThroughput"] = {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 5}};
  }
  boost::json::array indexes;
  for (const auto& index : table.global_secondary_indexes) {
    boost::json::array index_key{{{"AttributeName", index.hash_key}, {"KeyType", "HASH"}}};
    if (index.range_key) {
      index_key.push_back({{"AttributeName", *index.range_key}, {"KeyType", "RANGE"}});
    }
    boost::json::object gsi{{"IndexName", index.name},
                            {"KeySchema", index_key},
                            {"Projection", {{"ProjectionType", index.projection}}}};
    if (table.billing_mode == "PROVISIONED")
      gsi["ProvisionedThroughput"] = request["ProvisionedThroughput"];
    indexes.push_back(std::move(gsi));
  }
  if (!indexes.empty()) request["GlobalSecondaryIndexes"] = std::move(indexes);
  return request;
}

// Creates the stack's tables that do not exist yet.
bool EnsureTables(dynamodb::Service& service, const stack::Stack& stack) {
  for (const auto& table : stack.tables) {
    boost::json::object describe{{"TableName", table.name}};
    auto reply = service.Handle("DescribeTable", boost::json::serialize(describe));
    if (reply.http_status == 200) continue;
    auto created = service.Handle("CreateTable", boost::json::serialize(CreateTableRequest(table)));
    if (created.http_status != 200) {
      std::cerr << "nimbus: cannot create table " << table.name << ": " << created.body << "\n";
      return false;
    }
    std::cout << "nimbus: created table " << table.name << "\n";
    if (!table.ttl_attribute) continue;
    boost::json::object ttl{
        {"TableName", table.name},
        {"TimeToLiveSpecification", {{"AttributeName", *table.ttl_attribute}, {"Enabled", true}}}};
    auto enabled = service.Handle("UpdateTimeToLive", boost::json::serialize(ttl));
    if (enabled.http_status != 200) {
      std::cerr << "nimbus: cannot enable TTL on " << table.name << ": " << enabled.body << "\n";
      return false;
    }
  }
  return true;
}

// An outbox table the stack does not declare among its tables is made with the outbox's key.
bool EnsureOutboxTables(dynamodb::Service& service, const stack::Stack& stack) {
  stack::Stack outboxes;
  for (const auto& outbox : stack.outboxes) {
    outboxes.tables.push_back(
        {.name = outbox.table, .attributes = {{"outboxId", "S"}}, .hash_key = "outboxId"});
  }
  return EnsureTables(service, outboxes);
}

std::expected<std::vector<lambda::FunctionConfig>, std::string> FunctionConfigs(
    const stack::Stack& stack, const std::filesystem::path& artifacts) {
  std::vector<lambda::FunctionConfig> out;
  for (const auto& f : stack.functions) {
    std::filesystem::path code = f.code;
    if (code.is_relative()) code = artifacts / code;
    // A custom runtime always starts `bootstrap`; the handler is the runtime's to interpret.
    if (!std::filesystem::exists(code / "bootstrap")) {
      return std::unexpected("stack.yaml: functions." + f.name + ".code: no bootstrap in " +
                             code.string() + " (run `make build`)");
    }
    lambda::FunctionConfig config;
    config.name = f.name;
    config.code_dir = std::filesystem::canonical(code);
    config.handler = f.handler;
    config.runtime = f.runtime;
    config.memory_mb = f.memory_size;
    config.timeout = std::chrono::seconds(f.timeout);
    config.environment = f.environment;
    config.reserved_concurrency = f.reserved_concurrency;
    config.provisioned_concurrency = f.provisioned_concurrency;
    if (!f.role.empty()) {
      config.role_arn = "arn:aws:iam::" + stack.account_id + ":role/" + f.role;
    }
    out.push_back(std::move(config));
  }
  return out;
}

// Per-route API counters (Count, 4XXError, 5XXError, Latency, IntegrationLatency) on the edge
// port, beside the AWS APIs: a path no AWS API uses.
constexpr std::string_view kMetricsPath = "/_nimbus/metrics";

boost::asio::awaitable<net::Response> ServeMetrics(net::Request request, std::string json) {
  co_return net::MakeResponse(request, net::http::status::ok, "application/json", std::move(json));
}

std::expected<std::shared_ptr<gateway::AccessLog>, std::string> OpenAccessLog(
    const stack::ApiSpec& api, const std::filesystem::path& data_dir) {
  if (api.access_log_format.empty()) return nullptr;
  const std::string& destination = api.access_log_destination;
  std::filesystem::path file;
  if (destination != "stdout") {
    file = data_dir / "logs" / "api-gateway" / (api.name + "-" + api.stage + ".log");
  }
  return gateway::AccessLog::Open(
      {.format = api.access_log_format, .file = file, .to_stdout = destination != "file"});
}

// Each connection and each function instance holds descriptors; Debian's soft limit of 1024
// would be reached long before the hard one.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int RunUp(const UpOptions& options) {
  ::signal(SIGPIPE, SIG_IGN);
  RaiseDescriptorLimit();

  auto stack = stack::LoadStack(options.stack_dir);
  if (!stack) {
    std::cerr << "nimbus: " << stack.error() << "\n";
    return 1;
  }
  auto functions = FunctionConfigs(*stack, options.artifacts_dir);
  if (!functions) {
    std::cerr << "nimbus: " << functions.error() << "\n";
    return 1;
  }

  std::filesystem::create_directories(options.data_dir);
  auto dynamodb = dynamodb::Service::Open({.data_dir = options.data_dir / "dynamodb",
                                           .region = stack->region,
                                           .account_id = stack->account_id,
                                           .sync_writes = options.sync_writes});
  if (!dynamodb) {
    std::cerr << "nimbus: cannot open the dynamodb store: " << dynamodb.error() << "\n";
    return 1;
  }
  if (!EnsureTables(**dynamodb, *stack) || !EnsureOutboxTables(**dynamodb, *stack)) return 1;

  edge::Authenticator auth(
      options.auth_mode == "strict" ? edge::AuthMode::kStrict : edge::AuthMode::kDev,
      [] { return std::chrono::system_clock::now(); });
  for (const auto& key : stack->credentials) auth.AddKey(key.access_key_id, key.secret_access_key);
  // Each function instance gets a key pair of its own, known to the edge while it lives, so
  // its signatures are checked and its calls are known to come from its function's role.
  std::shared_ptr<lambda::CredentialIssuer> credentials = lambda::NewSessionCredentialIssuer(
      {.on_issue =
           [&auth](const lambda::Credentials& c, const lambda::CredentialOwner& owner) {
             auth.AddSessionKey(c.access_key_id, {.secret_access_key = c.secret_access_key,
                                                  .session_token = c.session_token,
                                                  .role_arn = owner.role_arn,
                                                  .function_name = owner.function_name});
           },
       .on_revoke = [&auth](std::string_view key) { auth.RemoveKey(key); }});

  asio::io_context io;
  std::unique_ptr<edge::Edge> edge;
  std::unique_ptr<gateway::Gateway> gateway;
  net::HttpServer aws_server(io, {.address = options.address, .port = options.aws_port},
                             [&edge, &gateway](net::Request request, const net::Peer& peer) {
                               if (gateway && request.method() == net::http::verb::get &&
                                   request.target() == kMetricsPath) {
                                 return ServeMetrics(std::move(request), gateway->MetricsJson());
                               }
                               return edge->Handle(std::move(request), peer);
                             });
  try {
    aws_server.Start();
  } catch (const std::exception& e) {
    std::cerr << "nimbus: cannot listen on " << options.address << ":" << options.aws_port << ": "
              << e.what() << "\n";
    return 1;
  }
  const std::string aws_endpoint =
      "http://" + options.address + ":" + std::to_string(aws_server.port());

  lambda::HostOptions host_options{
      .region = stack->region,
      .account_id = stack->account_id,
      .environment = {{"AWS_ENDPOINT_URL", aws_endpoint}},
      .log_dir = options.data_dir / "logs",
      .idle_timeout =
          std::chrono::milliseconds(static_cast<std::int64_t>(options.idle_timeout_seconds * 1000)),
      .watch_code = options.watch,
  };
  host_options.account_concurrency = options.account_concurrency;
  host_options.async_retry = lambda::AsyncRetryPolicy{}.Scaled(options.async_delay_scale);
  if (auto valid = lambda::ValidateConcurrency(host_options, *functions); !valid) {
    std::cerr << "nimbus: stack.yaml: " << valid.error() << "\n";
    return 1;
  }
  auto host = lambda::FunctionHost::Create(
      io, host_options, std::move(*functions),
      {.credentials = credentials, .on_reload = [](const std::string& name) {
         std::cout << "nimbus: reloaded " << name << " (its code changed)" << std::endl;
       }});
  lambda::LambdaApi lambda_api({.region = stack->region, .account_id = stack->account_id}, *host);
  auto events_service = events::Events::Open(io.get_executor(), *host,
                                             {.region = stack->region,
                                              .account_id = stack->account_id,
                                              .data_dir = options.data_dir / "events",
                                              .endpoint_url = aws_endpoint});
  if (!events_service) {
    std::cerr << "nimbus: cannot open the events store: " << events_service.error() << "\n";
    return 1;
  }
  if (auto applied = events::ApplyStack(**events_service, *stack); !applied) {
    std::cerr << "nimbus: " << applied.error() << "\n";
    return 1;
  }
  std::vector<events::OutboxTable> outbox_tables;
  for (const auto& o : stack->outboxes) outbox_tables.push_back({o.table, o.topic});
  events::OutboxDrain outbox_drain(
      **dynamodb, **events_service, std::move(outbox_tables),
      [](const std::string& line) { std::cout << "nimbus: " << line << std::endl; });
  if (!stack->outboxes.empty()) outbox_drain.Start(io.get_executor(), events::MakeTimerWaiter());
  edge = std::make_unique<edge::Edge>(
      edge::EdgeOptions{.region = stack->region, .account_id = stack->account_id}, auth, **dynamodb,
      lambda_api, events_service->get());

  std::unique_ptr<net::HttpServer> api_server;
  if (stack->api) {
    std::map<std::string, std::string> variables{{"region", stack->region},
                                                 {"account_id", stack->account_id}};
    for (const auto& [name, value] : stack->api->stage_variables) {
      variables["stageVariables." + name] = value;
    }
    auto api = gateway::LoadApi(
        stack->api->openapi, variables,
        stack->api->protocol == "HTTP" ? gateway::ApiProtocol::kHttp : gateway::ApiProtocol::kRest);
    if (!api) {
      std::cerr << "nimbus: " << api.error() << "\n";
      return 1;
    }
    auto traffic = TrafficOptionsFor(*stack, options.data_dir);
    if (!traffic) {
      std::cerr << "nimbus: " << traffic.error() << "\n";
      return 1;
    }
    for (const auto& note : (*api)->notes) std::cout << "nimbus: note: " << note << "\n";
    auto access_log = OpenAccessLog(*stack->api, options.data_dir);
    if (!access_log) {
      std::cerr << "nimbus: " << access_log.error() << "\n";
      return 1;
    }
    gateway = std::make_unique<gateway::Gateway>(
        gateway::GatewayOptions{.api_id = stack->api->name,
                                .stage = stack->api->stage,
                                .stage_variables = stack->api->stage_variables,
                                .access_log = std::move(*access_log),
                                .region = stack->region,
                                .account_id = stack->account_id,
                                .traffic = std::move(*traffic)},
        std::move(*api), *host);
    api_server = std::make_unique<net::HttpServer>(
        io, net::ServerOptions{.address = options.address, .port = options.api_port},
        [&gateway](net::Request request, const net::Peer& peer) {
          return gateway->Handle(std::move(request), peer);
        });
    try {
      api_server->Start();
    } catch (const std::exception& e) {
      std::cerr << "nimbus: cannot listen on " << options.address << ":" << options.api_port << ": "
                << e.what() << "\n";
      return 1;
    }
    std::cout << "nimbus: API  http://" << options.address << ":" << api_server->port() << "  ("
              << stack->api->name << ", " << stack->api->protocol << " API, stage "
              << stack->api->stage << ")\n";
  }
  std::cout << "nimbus: AWS  " << aws_endpoint << "  (dynamodb, lambda, sns, events; region "
            << stack->region << ")\n";

  // Stopping lets the io_context run out of work once every instance has exited; the watchdog
  // ends the run anyway if something still holds on after the grace period.
  std::mutex shutdown_mutex;
  std::condition_variable shutdown_done;
  bool drained = false;
  std::thread watchdog;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    std::cout << "nimbus: stopping" << std::endl;
    if (api_server) api_server->Stop();
    aws_server.Stop();
    outbox_drain.Stop();
    (*events_service)->Stop();
    host->Stop();
    // A second Ctrl-C does not wait for the instances.
    signals.async_wait([&io](const boost::system::error_code& again, int) {
      if (!again) io.stop();
    });
    watchdog = std::thread([&] {
      std::unique_lock lock(shutdown_mutex);
      if (!shutdown_done.wait_for(lock, kShutdownGrace, [&] { return drained; })) io.stop();
    });
  });

  // Provisioned instances are initialised before the stack says it is ready.
  auto provisioned = asio::co_spawn(io, host->Provision(), asio::use_future);
  while (provisioned.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    io.run_one_for(std::chrono::milliseconds(100));
  }
  if (auto ok = provisioned.get(); !ok) {
    std::cerr << "nimbus: " << ok.error() << "\n";
    host->Stop();
    return 1;
  }

  std::cout << "nimbus: ready" << std::endl;

  // Half the cores by default: the other half is left to the function instances, RocksDB's
  // background work and the clients on the same machine. Measured on 2 cores with wrk beside
  // it: one I/O thread serves GetItem/PutItem faster, with half the p99, than two or three.
  const int thread_count =
      options.threads > 0 ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
  std::vector<std::thread> threads;
  for (int i = 1; i < thread_count; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  {
    std::lock_guard lock(shutdown_mutex);
    drained = true;
  }
  shutdown_done.notify_all();
  if (watchdog.joinable()) watchdog.join();
  events_service->reset();  // its deliveries hold the host
  host.reset();
  std::cout << "nimbus: stopped" << std::endl;
  return 0;
}

}  // namespace nimbus::cli
