#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdlib>
#include <random>
#include <thread>

#include "aws/error.h"
#include "aws/sigv4.h"
#include "dynamodb_errors.h"
#include "http_client.h"
#include "nimbus/sdk/dynamodb.h"

namespace nimbus::sdk::dynamodb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

Error TransportError(std::string message) {
  return {.http_status = 0, .type = "NetworkingError", .message = std::move(message)};
}

}  // namespace

ClientConfig ClientConfig::FromEnvironment() {
  ClientConfig config;
  if (std::string region = Env("AWS_REGION"); !region.empty()) {
    config.region = region;
  } else if (std::string fallback = Env("AWS_DEFAULT_REGION"); !fallback.empty()) {
    config.region = fallback;
  }
  config.credentials = {Env("AWS_ACCESS_KEY_ID"), Env("AWS_SECRET_ACCESS_KEY"),
                        Env("AWS_SESSION_TOKEN")};
  config.endpoint = Env("AWS_ENDPOINT_URL_DYNAMODB");
  if (config.endpoint.empty()) config.endpoint = Env("AWS_ENDPOINT_URL");
  if (config.endpoint.empty())
    config.endpoint = "https://dynamodb." + config.region + ".amazonaws.com";
  if (std::string attempts = Env("AWS_MAX_ATTEMPTS"); !attempts.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(attempts.data(), attempts.data() + attempts.size(), value);
    if (ec == std::errc() && value > 0) config.max_attempts = value;
  }
  return config;
}

struct Client::Impl {
  ClientConfig config;
  std::expected<Endpoint, std::string> endpoint;
  std::optional<HttpClient> http;
  std::mt19937_64 random{std::random_device{}()};

  explicit Impl(ClientConfig c) : config(std::move(c)), endpoint(Endpoint::Parse(config.endpoint)) {
    if (endpoint) http.emplace(*endpoint);
  }

  std::chrono::milliseconds Backoff(int retry) {
    const auto cap = config.retry_max_delay.count();
    long long ceiling = config.retry_base_delay.count();
    for (int i = 1; i < retry && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min<long long>(ceiling, cap);
    std::uniform_int_distribution<long long> jitter(0, std::max<long long>(ceiling, 0));
    return std::chrono::milliseconds(jitter(random));
  }

  Result<boost::json::object> Attempt(std::string_view operation, const std::string& body) {
    HttpRequest request{http::verb::post, endpoint->base_path.empty() ? "/" : endpoint->base_path,
                        11};
    request.set(http::field::host, endpoint->HostHeader());
    request.set(http::field::content_type, "application/x-amz-json-1.0");
    request.set("X-Amz-Target", std::string(kTargetPrefix) + std::string(operation));
    request.body() = body;
    request.prepare_payload();
    aws::SignRequest(request, {.region = config.region,
                               .service = "dynamodb",
                               .credentials = {config.credentials.access_key_id,
                                               config.credentials.secret_access_key,
                                               config.credentials.session_token},
                               .time = std::chrono::system_clock::now()});

    auto response = http->Send(std::move(request), config.request_timeout);
    if (!response) return std::unexpected(TransportError(response.error()));
    const int status = response->result_int();
    const std::string& reply = response->body();
    if (status != 200) return std::unexpected(ParseError(status, reply));

    // DynamoDB checksums every reply; a mismatch means it was damaged in transit.
    if (auto crc = response->find("x-amz-crc32"); crc != response->end()) {
      unsigned long long expected = 0;
      std::string_view text = crc->value();
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
      if (ec != std::errc() || expected != aws::Crc32(reply)) {
        return std::unexpected(Error{.http_status = status,
                                     .type = "CRC32CheckFailed",
                                     .message = "the reply's x-amz-crc32 does not match its body"});
      }
    }
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(reply, ec, {}, ReplyParseOptions());
    if (ec || !document.is_object()) {
      return std::unexpected(Error{.http_status = status,
                                   .type = "SerializationException",
                                   .message = "the reply is not a JSON object"});
    }
    return std::move(document.get_object());
  }
};

Client::Client(ClientConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

Result<boost::json::object> Client::Call(std::string_view operation,
                                         const boost::json::object& request) {
  if (!impl_->endpoint) {
    return std::unexpected(Error{.type = "InvalidEndpoint", .message = impl_->endpoint.error()});
  }
  const std::string body = boost::json::serialize(request);
  const int attempts = std::max(impl_->config.max_attempts, 1);
  for (int attempt = 1;; ++attempt) {
    Result<boost::json::object> result = impl_->Attempt(operation, body);
    if (result || attempt >= attempts || !IsRetryable(result.error())) return result;
    std::this_thread::sleep_for(impl_->Backoff(attempt));
  }
}

Result<std::optional<Item>> Client::GetItem(std::string_view table, const Item& key,
                                            boost::json::object extra) {
  extra["TableName"] = table;
  extra["Key"] = key;
  auto reply = Call("GetItem", extra);
  if (!reply) return std::unexpected(reply.error());
  if (auto* item = reply->if_contains("Item"); item != nullptr && item->is_object()) {
    return std::optional<Item>(std::move(item->get_object()));
  }
  return std::optional<Item>();
}

Result<boost::json::object> Client::PutItem(std::string_view table, const Item& item,
                                            boost::json::object extra) {
  extra["TableName"] = table;
  extra["Item"] = item;
  return Call("PutItem", extra);
}

Result<boost::json::object> Client::UpdateItem(std::string_view table, const Item& key,
                                               boost::json::object extra) {
  extra["TableName"] = table;
  extra["Key"] = key;
  return Call("UpdateItem", extra);
}

Result<boost::json::object> Client::DeleteItem(std::string_view table, const Item& key,
                                               boost::json::object extra) {
  extra["TableName"] = table;
  extra["Key"] = key;
  return Call("DeleteItem", extra);
}

Result<boost::json::object> Client::Scan(std::string_view table, boost::json::object extra) {
  extra["TableName"] = table;
  return Call("Scan", extra);
}

Result<boost::json::object> Client::Query(std::string_view table, boost::json::object extra) {
  extra["TableName"] = table;
  return Call("Query", extra);
}

Result<boost::json::object> Client::TransactWriteItems(boost::json::array items,
                                                       boost::json::object extra) {
  extra["TransactItems"] = std::move(items);
  return Call("TransactWriteItems", extra);
}

}  // namespace nimbus::sdk::dynamodb
