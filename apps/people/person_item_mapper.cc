#include "people/person_item_mapper.h"

#include <cstdint>

#include "people/dynamo_versioned_item.h"

namespace nimbus::people {
namespace {

boost::json::object S(std::string_view value) { return {{"S", value}}; }

const boost::json::string* ReadS(const Item& item, std::string_view name) {
  const boost::json::value* attribute = item.if_contains(name);
  if (attribute == nullptr || !attribute->is_object()) return nullptr;
  const boost::json::value* s = attribute->get_object().if_contains("S");
  return s != nullptr && s->is_string() ? &s->get_string() : nullptr;
}

}  // namespace

std::string ListShardOf(std::string_view id) {
  // FNV-1a: stable across builds and platforms, unlike std::hash.
  std::uint32_t hash = 2166136261u;
  for (char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return "shard-" + std::to_string(hash % kPeopleListShards);
}

Item PersonToItem(const Person& person) {
  Item item;
  item["personId"] = S(person.id);
  item["name"] = S(person.name);
  item["email"] = S(person.email);
  if (person.phone) item["phone"] = S(*person.phone);
  item["createdAt"] = S(person.created_at);
  item["updatedAt"] = S(person.updated_at);
  item[kVersionAttribute] = VersionAttribute(person.version);
  item["listShard"] = S(ListShardOf(person.id));
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
  const auto version = ReadVersion(item);
  if (!version) return std::unexpected("item attribute version is missing or not a version");
  person.version = *version;
  return person;
}

Item PersonKey(std::string_view id) { return {{"personId", S(id)}}; }

PartitionedIndex PeopleListIndex(std::string table) {
  PartitionedIndex index{std::move(table), std::string(kPeopleListIndex), "createdAt", {}};
  index.token.listing = "people";
  index.token.partition_attribute = "listShard";
  for (std::size_t i = 0; i < kPeopleListShards; ++i) {
    index.token.partitions.push_back("shard-" + std::to_string(i));
  }
  index.token.key_attributes = {"personId", "listShard", "createdAt"};
  return index;
}

}  // namespace nimbus::people
