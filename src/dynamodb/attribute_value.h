// A DynamoDB attribute value (S N B SS NS BS M L NULL BOOL) and an item, the in-memory form
// every part of the service works on. Numbers are held as canonical text (see number.h);
// binaries as raw bytes (base64 is only the wire's business); sets are sorted and unique.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::dynamodb {

enum class AttrType : std::uint8_t { kS = 1, kN, kB, kSS, kNS, kBS, kM, kL, kNull, kBool };

struct AttributeValue {
  AttrType type = AttrType::kNull;
  std::string scalar;                         // S text, N canonical text, B raw bytes
  bool boolean = false;                       // BOOL
  std::vector<std::string> set;               // SS, NS (canonical), BS (raw); sorted, unique
  std::vector<AttributeValue> list;           // L
  std::map<std::string, AttributeValue> map;  // M

  static AttributeValue String(std::string s);
  static AttributeValue NumberText(std::string canonical);
  static AttributeValue Binary(std::string bytes);
  static AttributeValue Bool(bool b);
  static AttributeValue Null();
  static AttributeValue List(std::vector<AttributeValue> l);
  static AttributeValue Map(std::map<std::string, AttributeValue> m);

  bool IsSet() const {
    return type == AttrType::kSS || type == AttrType::kNS || type == AttrType::kBS;
  }
  bool operator==(const AttributeValue& other) const;
};

using Item = std::map<std::string, AttributeValue>;

// The wire name of a type: "S", "N", ..., "NULL", "BOOL".
std::string_view TypeName(AttrType type);
bool ParseTypeName(std::string_view name, AttrType& out);

// Sizes as DynamoDB bills and limits them (developer guide, "Item sizes and formats").
std::size_t AttributeSize(const AttributeValue& v);
std::size_t ItemSize(const Item& item);

// How many M/L levels hold values below `v`: 0 for a scalar or an empty container. An item is
// within DynamoDB's nesting limit when every attribute's depth is at most kMaxDocumentPathDepth.
int NestingDepth(const AttributeValue& v);

// Puts a set's elements in canonical order and drops duplicates.
void NormalizeSet(AttributeValue& v);

}  // namespace nimbus::dynamodb
