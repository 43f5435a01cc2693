#include "cli/up.h"

#include <signal.h>
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "cli/traffic_config.h"
#include "dynamodb/service.h"
#include "edge/authenticator.h"
#include "edge/edge.h"
#include "gateway/gateway.h"
#include "lambda/function_host.h"
#include "net/http.h"
#include "stack/stack.h"

namespace nimbus::cli {
namespace {

namespace asio = boost::asio;

// How long stopping may take before the process exits anyway.
constexpr auto kShutdownGrace = std::chrono::seconds(3);

std::string RandomString(std::size_t length, std::string_view alphabet) {
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out(length, ' ');
  for (auto& c : out) c = alphabet[pick(device)];
  return out;
}

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
  }
  return true;
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
    if (!f.role.empty()) {
      config.role_arn = "arn:aws:iam::" + stack.account_id + ":role/" + f.role;
    }
    out.push_back(std::move(config));
  }
  return out;
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
  if (!EnsureTables(**dynamodb, *stack)) return 1;

  edge::Authenticator auth(
      options.auth_mode == "strict" ? edge::AuthMode::kStrict : edge::AuthMode::kDev,
      [] { return std::chrono::system_clock::now(); });
  for (const auto& key : stack->credentials) auth.AddKey(key.access_key_id, key.secret_access_key);
  // The key pair function instances get: known to the stack, so their signatures are checked.
  const std::string function_key = "ASIA" + RandomString(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  const std::string function_secret =
      RandomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  auth.AddKey(function_key, function_secret);

  asio::io_context io;
  std::unique_ptr<edge::Edge> edge;
  net::HttpServer aws_server(io, {.address = options.address, .port = options.aws_port},
                             [&edge](net::Request request, const net::Peer& peer) {
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
      .access_key_id = function_key,
      .secret_access_key = function_secret,
      .session_token = "",
      .environment = {{"AWS_ENDPOINT_URL", aws_endpoint}},
      .log_dir = options.data_dir / "logs",
  };
  auto host = lambda::FunctionHost::Create(io, host_options, std::move(*functions));
  edge = std::make_unique<edge::Edge>(
      edge::EdgeOptions{.region = stack->region, .account_id = stack->account_id}, auth, **dynamodb,
      *host);

  std::unique_ptr<gateway::Gateway> gateway;
  std::unique_ptr<net::HttpServer> api_server;
  if (stack->api) {
    auto api = gateway::LoadApi(stack->api->openapi,
                                {{"region", stack->region}, {"account_id", stack->account_id}});
    if (!api) {
      std::cerr << "nimbus: " << api.error() << "\n";
      return 1;
    }
    auto traffic = TrafficOptionsFor(*stack, options.data_dir);
    if (!traffic) {
      std::cerr << "nimbus: " << traffic.error() << "\n";
      return 1;
    }
    gateway =
        std::make_unique<gateway::Gateway>(gateway::GatewayOptions{.api_id = stack->api->name,
                                                                   .stage = stack->api->stage,
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
              << stack->api->name << ", stage " << stack->api->stage << ")\n";
  }
  std::cout << "nimbus: AWS  " << aws_endpoint << "  (dynamodb, lambda; region " << stack->region
            << ")\n";

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
  host.reset();
  std::cout << "nimbus: stopped" << std::endl;
  return 0;
}

}  // namespace nimbus::cli
