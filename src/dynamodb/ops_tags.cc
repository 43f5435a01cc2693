// TagResource, UntagResource, ListTagsOfResource: a table's tags, addressed by its ARN
// (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME) and persisted in the catalog.
#include <boost/json.hpp>
#include <mutex>
#include <regex>
#include <shared_mutex>

#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/table_params.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

// The table a ResourceArn names, checked in DynamoDB's order: absent, not an ARN at all (IAM
// refuses it before DynamoDB sees it), not a table ARN, then unknown. `check_request` runs
// between the ARN's form and the lookup, as DynamoDB validates the rest of the input first.
Result<std::shared_ptr<Table>> ResolveArn(OperationContext& ctx, const Request& req,
                                          std::string_view operation,
                                          const std::function<Result<void>()>& check_form,
                                          const std::function<Result<void>()>& check_request) {
  auto arn = OptionalString(req, "ResourceArn");
  if (!arn) return Fail(arn.error());
  if (!*arn) return Fail(ValidationError("Invalid TableArn"));
  static const std::regex kAnyArn(R"(^.+:.+:.+:.+:.+:.+/.+$)");
  if (!std::regex_match(**arn, kAnyArn)) {
    return Fail(
        AccessDenied("User: arn:aws:iam::" + ctx.options.account_id +
                     ":root is not authorized to perform: dynamodb:" + std::string(operation) +
                     " on resource: " + ((*arn)->empty() ? "*" : **arn)));
  }
  if (auto ok = check_form(); !ok) return Fail(ok.error());
  static const std::regex kTableArn(R"(^arn:aws:dynamodb:([^:]+):(\d+):table/([^/]{3,})$)");
  std::smatch m;
  if (!std::regex_match(**arn, m, kTableArn) || !ValidateTableName(m[3].str())) {
    return Fail(
        ValidationError("Invalid TableArn: Invalid ResourceArn provided as input " + **arn));
  }
  if (auto ok = check_request(); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table;
  if (m[1].str() == ctx.options.region && m[2].str() == ctx.options.account_id) {
    table = ctx.catalog.Find(m[3].str());
  }
  if (!table) {
    return Fail(
        ResourceNotFound("Requested resource not found: ResourcArn: " + **arn + " not found"));
  }
  return table;
}

Result<void> Save(OperationContext& ctx, Table& table, const Tags& before) {
  rocksdb::WriteBatch batch;
  if (auto ok = ctx.catalog.Persist(table, batch); !ok) {
    table.tags = before;
    return Fail(ok.error());
  }
  return {};
}

}  // namespace

ReplyBody TagResource(OperationContext& ctx, const Request& req) {
  const json::value* tags_json = req.if_contains("Tags");
  Tags added;
  auto table = ResolveArn(
      ctx, req, "TagResource",
      [&]() -> Result<void> {
        if (tags_json == nullptr || tags_json->is_null()) {
          return Fail(MemberError("null", "tags", "Member must not be null"));
        }
        return {};
      },
      [&]() -> Result<void> {
        if (tags_json->is_array() && tags_json->get_array().empty()) {
          return Fail(ValidationError("Atleast one Tag needs to be provided as Input."));
        }
        auto parsed = ParseTags(tags_json);
        if (!parsed) return Fail(parsed.error());
        added = std::move(*parsed);
        return {};
      });
  if (!table) return Fail(table.error());
  std::unique_lock lock((*table)->lifecycle);
  if ((*table)->dropped) return Fail(ResourceNotFound());
  Tags before = (*table)->tags;
  if (auto ok = MergeTags((*table)->tags, added); !ok) return Fail(ok.error());
  if (auto ok = Save(ctx, **table, before); !ok) return Fail(ok.error());
  return json::object{};
}

ReplyBody UntagResource(OperationContext& ctx, const Request& req) {
  const json::value* keys_json = req.if_contains("TagKeys");
  std::vector<std::string> keys;
  auto table = ResolveArn(
      ctx, req, "UntagResource",
      [&]() -> Result<void> {
        if (keys_json == nullptr || keys_json->is_null()) {
          return Fail(MemberError("null", "tagKeys", "Member must not be null"));
        }
        if (!keys_json->is_array()) return Fail(SerializationError("TagKeys must be a list"));
        return {};
      },
      [&]() -> Result<void> {
        if (keys_json->get_array().empty()) {
          return Fail(ValidationError("Atleast one Tag Key needs to be provided as Input."));
        }
        for (const auto& k : keys_json->get_array()) {
          if (!k.is_string()) return Fail(SerializationError("TagKeys must hold strings"));
          std::string key(k.get_string());
          if (key.empty() || key.size() > 4 * limits::kMaxTagKeyLength) {
            return Fail(ValidationError("The Tag Key provided is invalid, Key: " + key));
          }
          keys.push_back(std::move(key));
        }
        if (keys.size() > limits::kMaxTagsPerResource) {
          return Fail(ValidationError(
              "Number of Tags exceed the current limit for the provided ResourceArn"));
        }
        return {};
      });
  if (!table) return Fail(table.error());
  std::unique_lock lock((*table)->lifecycle);
  if ((*table)->dropped) return Fail(ResourceNotFound());
  Tags before = (*table)->tags;
  std::erase_if((*table)->tags, [&](const auto& t) {
    return std::find(keys.begin(), keys.end(), t.first) != keys.end();
  });
  if ((*table)->tags.size() != before.size()) {
    if (auto ok = Save(ctx, **table, before); !ok) return Fail(ok.error());
  }
  return json::object{};
}

ReplyBody ListTagsOfResource(OperationContext& ctx, const Request& req) {
  auto none = []() -> Result<void> { return {}; };
  auto table = ResolveArn(ctx, req, "ListTagsOfResource", none, none);
  if (!table) return Fail(table.error());
  std::shared_lock lock((*table)->lifecycle);
  json::array tags;
  for (const auto& [key, value] : (*table)->tags) {
    tags.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  return json::object{{"Tags", std::move(tags)}};
}

}  // namespace nimbus::dynamodb
