#include "gateway/authorizer_policy.h"

#include <boost/json/parse.hpp>

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

// A string or a list of strings, as IAM allows for Action and Resource.
std::expected<std::vector<std::string>, std::string> StringOrList(const json::value* value,
                                                                  std::string_view field) {
  if (value == nullptr) return std::unexpected("statement without " + std::string(field));
  std::vector<std::string> out;
  if (value->is_string()) {
    out.emplace_back(value->as_string());
    return out;
  }
  if (!value->is_array()) return std::unexpected(std::string(field) + " must be a string or list");
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) return std::unexpected(std::string(field) + " must hold strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

std::expected<PolicyStatement, std::string> ParseStatement(const json::value& value) {
  if (!value.is_object()) return std::unexpected("a statement must be an object");
  const json::object& statement = value.as_object();
  const json::value* effect = statement.if_contains("Effect");
  if (effect == nullptr || !effect->is_string() ||
      (effect->as_string() != "Allow" && effect->as_string() != "Deny")) {
    return std::unexpected("Effect must be Allow or Deny");
  }
  auto actions = StringOrList(statement.if_contains("Action"), "Action");
  if (!actions) return std::unexpected(actions.error());
  auto resources = StringOrList(statement.if_contains("Resource"), "Resource");
  if (!resources) return std::unexpected(resources.error());
  return PolicyStatement{.allow = effect->as_string() == "Allow",
                         .actions = std::move(*actions),
                         .resources = std::move(*resources)};
}

std::expected<json::object, std::string> ParseContext(const json::object& response,
                                                      bool any_values) {
  const json::value* context = response.if_contains("context");
  if (context == nullptr || context->is_null()) return json::object{};
  if (!context->is_object()) return std::unexpected("context must be an object");
  if (!any_values) {
    // REST APIs take only string, number and boolean values; anything else is a
    // configuration error on the authorizer's side.
    for (const auto& entry : context->as_object()) {
      const json::value& v = entry.value();
      if (!v.is_string() && !v.is_number() && !v.is_bool()) {
        return std::unexpected("context values must be strings, numbers or booleans");
      }
    }
  }
  return context->as_object();
}

bool ActionMatches(const std::vector<std::string>& actions) {
  for (const auto& action : actions) {
    // Action names are case-insensitive in IAM; the only action here is execute-api:Invoke.
    std::string lower;
    for (char c : action)
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (WildcardMatch(lower, "execute-api:invoke")) return true;
  }
  return false;
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text) {
  // Iterative glob with backtracking to the last `*`: linear in practice, no recursion.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::expected<AuthorizerOutput, std::string> ParseAuthorizerOutput(std::string_view payload,
                                                                   bool simple_responses,
                                                                   bool any_context_values) {
  boost::system::error_code ec;
  json::value value = json::parse(payload, ec);
  if (ec || !value.is_object()) return std::unexpected("the response is not a JSON object");
  const json::object& response = value.as_object();
  AuthorizerOutput output;
  auto context = ParseContext(response, any_context_values);
  if (!context) return std::unexpected(context.error());
  output.context = std::move(*context);

  if (simple_responses) {
    const json::value* authorized = response.if_contains("isAuthorized");
    if (authorized == nullptr || !authorized->is_bool()) {
      return std::unexpected("isAuthorized must be a boolean");
    }
    output.simple = true;
    output.authorized = authorized->as_bool();
    return output;
  }

  if (const json::value* principal = response.if_contains("principalId")) {
    if (principal->is_string()) {
      output.principal_id = principal->as_string();
    } else if (!principal->is_null()) {
      return std::unexpected("principalId must be a string");
    }
  }
  const json::value* document = response.if_contains("policyDocument");
  if (document == nullptr || !document->is_object()) {
    return std::unexpected("missing policyDocument");
  }
  const json::value* statements = document->as_object().if_contains("Statement");
  if (statements == nullptr) return std::unexpected("policyDocument without Statement");
  if (statements->is_array()) {
    for (const auto& item : statements->as_array()) {
      auto statement = ParseStatement(item);
      if (!statement) return std::unexpected(statement.error());
      output.statements.push_back(std::move(*statement));
    }
  } else {
    auto statement = ParseStatement(*statements);
    if (!statement) return std::unexpected(statement.error());
    output.statements.push_back(std::move(*statement));
  }
  return output;
}

PolicyDecision Evaluate(const std::vector<PolicyStatement>& statements,
                        std::string_view method_arn) {
  bool allowed = false;
  for (const auto& statement : statements) {
    if (!ActionMatches(statement.actions)) continue;
    bool matches = false;
    for (const auto& resource : statement.resources) {
      if (WildcardMatch(resource, method_arn)) {
        matches = true;
        break;
      }
    }
    if (!matches) continue;
    if (!statement.allow) return PolicyDecision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? PolicyDecision::kAllow : PolicyDecision::kImplicitDeny;
}

}  // namespace nimbus::gateway
