#include "people/person_item_mapper.h"

namespace nimbus::people {
namespace {

boost::json::object S(std::string_view value) { return {{"S", value}}; }

const boost::json::string* ReadS(const Item& item, std::string_view name) {
  const boost::json::value* attribute = item.if_contains(name);
  if (attribute == nullptr || !attribute->is_object()) return nullptr;
  const boost::json::value* s = attribute->get_object().if_contains("S");
  return s != nullptr && s->is_string() ? &s->get_string() : nullptr;
}

constexpr std::string_view kMustExist = "attribute_exists(personId)";

}  // namespace

Item PersonToItem(const Person& person) {
  Item item;
  item["personId"] = S(person.id);
  item["name"] = S(person.name);
  item["email"] = S(person.email);
  if (person.phone) item["phone"] = S(*person.phone);
  item["createdAt"] = S(person.created_at);
  item["updatedAt"] = S(person.updated_at);
  return item;
}

std::expected<Person, std::string> PersonFromItem(const Item& item) {
  Person person;
  const std::pair<std::string_view, std::string*> required[] = {
      {"personId", &person.id},          {"name", &person.name},
      {"email", &person.email},          {"createdAt", &person.created_at},
      {"updatedAt", &person.updated_at},
  };
  for (const auto& [name, target] : required) {
    const boost::json::string* value = ReadS(item, name);
    if (value == nullptr) {
      return std::unexpected("item attribute " + std::string(name) + " is missing or not S");
    }
    *target = std::string(*value);
  }
  if (item.contains("phone")) {
    const boost::json::string* phone = ReadS(item, "phone");
    if (phone == nullptr) return std::unexpected("item attribute phone is not S");
    person.phone = std::string(*phone);
  }
  return person;
}

Item PersonKey(std::string_view id) { return {{"personId", S(id)}}; }

bool IsPersonKey(const Item& key) {
  const boost::json::string* id = ReadS(key, "personId");
  return key.size() == 1 && id != nullptr && !id->empty() &&
         key.at("personId").get_object().size() == 1;
}

boost::json::object CreateRequest() {
  // A v4 collision is improbable, but overwriting someone else's person silently is worse.
  return {{"ConditionExpression", "attribute_not_exists(personId)"}};
}

boost::json::object UpdateRequest(const PersonUpdate& update) {
  // "name" is a DynamoDB reserved word, so every attribute goes through a placeholder.
  // DynamoDB refuses unused placeholders; #phone is used by SET or by REMOVE.
  boost::json::object names{
      {"#name", "name"}, {"#email", "email"}, {"#phone", "phone"}, {"#updatedAt", "updatedAt"}};
  boost::json::object values{
      {":name", S(update.name)}, {":email", S(update.email)}, {":updatedAt", S(update.updated_at)}};
  std::string expression = "SET #name = :name, #email = :email, #updatedAt = :updatedAt";
  if (update.phone) {
    expression += ", #phone = :phone";
    values[":phone"] = S(*update.phone);
  } else {
    expression += " REMOVE #phone";
  }
  return {{"UpdateExpression", expression},
          {"ConditionExpression", kMustExist},
          {"ExpressionAttributeNames", std::move(names)},
          {"ExpressionAttributeValues", std::move(values)},
          {"ReturnValues", "ALL_NEW"}};
}

boost::json::object DeleteRequest() { return {{"ConditionExpression", kMustExist}}; }

boost::json::object ScanRequest(int limit, const std::optional<Item>& exclusive_start_key) {
  boost::json::object request{{"Limit", limit}};
  if (exclusive_start_key) request["ExclusiveStartKey"] = *exclusive_start_key;
  return request;
}

}  // namespace nimbus::people
