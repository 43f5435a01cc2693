// A DynamoDB client for function code: the JSON 1.0 protocol over HTTP/1.1 keep-alive
// (HTTPS for AWS endpoints), signed with SigV4. Requests and replies are the service's own
// JSON documents (attribute values as {"S": "..."} etc.), so every operation is reachable
// through Call; the typed helpers cover what a repository needs most.
//
// Configuration follows the AWS SDKs: AWS_REGION (else AWS_DEFAULT_REGION), AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_MAX_ATTEMPTS, and the endpoint from
// AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL, else https://dynamodb.{region}.amazonaws.com.
//
// Not thread-safe: use one Client per thread (a Lambda instance runs one invocation at a time).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::sdk::dynamodb {

using Item = boost::json::object;  // attribute name → attribute value ({"S": "x"})

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when none
};

struct ClientConfig {
  std::string region = "us-east-1";
  std::string endpoint;  // "http://127.0.0.1:4566" or "https://dynamodb.us-east-1.amazonaws.com"
  Credentials credentials;
  int max_attempts = 3;  // retries on throttling, 5xx and dropped connections
  // Back-off before retry n (n = 1, 2, ...): a random delay in [0, min(cap, base * 2^(n-1))]
  // ("full jitter"), so that throttled clients spread out.
  std::chrono::milliseconds retry_base_delay{50};
  std::chrono::milliseconds retry_max_delay{5000};
  std::chrono::milliseconds request_timeout{10000};  // one HTTP exchange

  static ClientConfig FromEnvironment();
};

// Why one action of a cancelled transaction failed: Code is "None" for the actions that did not,
// else e.g. "ConditionalCheckFailed" or "TransactionConflict". `item` is the old item when the
// action asked for ReturnValuesOnConditionCheckFailure ALL_OLD.
struct CancellationReason {
  std::string code;
  std::string message;
  std::optional<Item> item;
};

struct Error {
  int http_status = 0;  // 0: no HTTP reply (connection failure)
  std::string type;     // the service's error name, e.g. "ConditionalCheckFailedException"
  std::string message;
  // TransactionCanceledException only: one reason per action, in request order.
  std::vector<CancellationReason> cancellation_reasons;

  bool IsConditionalCheckFailed() const { return type == "ConditionalCheckFailedException"; }
  bool IsResourceNotFound() const { return type == "ResourceNotFoundException"; }
  bool IsTransactionCanceled() const { return type == "TransactionCanceledException"; }
};

template <typename T>
using Result = std::expected<T, Error>;

class Client {
 public:
  explicit Client(ClientConfig config);
  ~Client();
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  // Any operation: `operation` is the name after "DynamoDB_20120810." (e.g. "Query").
  Result<boost::json::object> Call(std::string_view operation, const boost::json::object& request);

  // The whole request document is passed through, so conditions, expressions and
  // ReturnValues can be given; TableName/Key/Item are filled from the arguments.
  Result<std::optional<Item>> GetItem(std::string_view table, const Item& key,
                                      boost::json::object extra = {});
  Result<boost::json::object> PutItem(std::string_view table, const Item& item,
                                      boost::json::object extra = {});
  Result<boost::json::object> UpdateItem(std::string_view table, const Item& key,
                                         boost::json::object extra);
  Result<boost::json::object> DeleteItem(std::string_view table, const Item& key,
                                         boost::json::object extra = {});
  Result<boost::json::object> Scan(std::string_view table, boost::json::object extra = {});
  Result<boost::json::object> Query(std::string_view table, boost::json::object extra);
  // `items` are the TransactItems entries ({"Put": {...}}, {"Update": {...}}, ...), each naming
  // its own table; all succeed or none does (IsTransactionCanceled, with the reasons).
  Result<boost::json::object> TransactWriteItems(boost::json::array items,
                                                 boost::json::object extra = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nimbus::sdk::dynamodb
