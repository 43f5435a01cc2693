#include "dynamodb/service.h"

#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "dynamodb/errors.h"
#include "dynamodb/legacy_params.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

const std::map<std::string_view, Operation>& Operations() {
  static const std::map<std::string_view, Operation> kOperations = {
      {"CreateTable", &CreateTable},
      {"DescribeTable", &DescribeTable},
      {"ListTables", &ListTables},
      {"DeleteTable", &DeleteTable},
      {"PutItem", &PutItem},
      {"GetItem", &GetItem},
      {"UpdateItem", &UpdateItem},
      {"DeleteItem", &DeleteItem},
      {"Scan", &Scan},
      {"Query", &Query},
      {"BatchGetItem", &BatchGetItem},
      {"BatchWriteItem", &BatchWriteItem},
      {"TransactWriteItems", &TransactWriteItems},
      {"TransactGetItems", &TransactGetItems},
  };
  return kOperations;
}

double EpochSeconds() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) /
         1000.0;
}

class ServiceImpl final : public Service {
 public:
  ServiceImpl(Options options, std::unique_ptr<Storage> storage,
              std::unique_ptr<TableCatalog> catalog)
      : options_(std::move(options)), storage_(std::move(storage)), catalog_(std::move(catalog)) {}

  Reply Handle(std::string_view operation, std::string_view body) override {
    auto it = Operations().find(operation);
    if (it == Operations().end()) return ToReply(UnknownOperation());
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = limits::kMaxJsonDepth;
    json::value request =
        json::parse(body.empty() ? std::string_view("{}") : body, ec, {}, options);
    if (ec) return ToReply(SerializationError("Malformed JSON: " + ec.message()));
    if (!request.is_object()) {
      return ToReply(SerializationError(request.is_array()
                                            ? "Start of list found where not expected"
                                            : "Unexpected token received from parser"));
    }
    OperationContext ctx{*storage_, *catalog_, options_, &EpochSeconds};
    ReplyBody result;
    try {
      // Legacy parameters are checked before the operation looks at its table, as in DynamoDB.
      auto legacy = PrepareLegacyParameters(it->first, request.get_object());
      result = legacy ? it->second(ctx, request.get_object()) : std::unexpected(legacy.error());
    } catch (const std::exception&) {
      // A bug must not take the host down nor leak details; the request fails alone.
      result = std::unexpected(InternalServerError());
    }
    if (!result) return ToReply(result.error());
    return Reply{200, json::serialize(*result)};
  }

 private:
  Options options_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<TableCatalog> catalog_;
};

}  // namespace

std::expected<std::unique_ptr<Service>, std::string> Service::Open(Options options) {
  auto storage = Storage::Open(options.data_dir, options.sync_writes);
  if (!storage) return std::unexpected(storage.error());
  auto catalog = TableCatalog::Load(**storage);
  if (!catalog) return std::unexpected(catalog.error());
  return std::make_unique<ServiceImpl>(std::move(options), std::move(*storage),
                                       std::move(*catalog));
}

}  // namespace nimbus::dynamodb
