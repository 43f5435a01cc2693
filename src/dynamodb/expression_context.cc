#include "dynamodb/expression_context.h"

#include "dynamodb/attribute_json.h"

namespace nimbus::dynamodb {

Result<ExpressionContext> MakeExpressionContext(const boost::json::object& request) {
  ExpressionContext ctx;
  if (auto it = request.find("ExpressionAttributeNames"); it != request.end()) {
    if (!it->value().is_object()) {
      return std::unexpected(SerializationError("ExpressionAttributeNames must be a map"));
    }
    if (it->value().get_object().empty()) {
      return std::unexpected(ValidationError("ExpressionAttributeNames must not be empty"));
    }
    for (const auto& [k, v] : it->value().get_object()) {
      if (!v.is_string()) {
        return std::unexpected(
            SerializationError("ExpressionAttributeNames values must be strings"));
      }
      ctx.names.emplace(std::string(k), std::string(v.get_string()));
    }
  }
  if (auto it = request.find("ExpressionAttributeValues"); it != request.end()) {
    if (it->value().is_object() && it->value().get_object().empty()) {
      return std::unexpected(ValidationError("ExpressionAttributeValues must not be empty"));
    }
    auto values = ItemFromJson(it->value());
    if (!values) return std::unexpected(values.error());
    for (auto& [k, v] : *values) ctx.values.emplace(k, std::move(v));
  }
  return ctx;
}

Result<void> CheckAllPlaceholdersUsed(const ExpressionContext& ctx) {
  auto unused = [](const auto& defined, const std::set<std::string>& used) {
    std::string keys;
    for (const auto& [k, v] : defined) {
      if (!used.contains(k)) keys += (keys.empty() ? "" : ", ") + k;
    }
    return keys;
  };
  if (auto keys = unused(ctx.names, ctx.used_names); !keys.empty()) {
    return std::unexpected(ValidationError(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys + "}"));
  }
  if (auto keys = unused(ctx.values, ctx.used_values); !keys.empty()) {
    return std::unexpected(ValidationError(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + keys + "}"));
  }
  return {};
}

}  // namespace nimbus::dynamodb
