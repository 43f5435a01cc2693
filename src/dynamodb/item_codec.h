// The stored form of an item: a compact binary serialization that round-trips every
// attribute type. Layout (varint = LEB128):
//   item  = version(1) varint(count) { varint(len) name value }*
//   value = type(1) payload; S/N/B: varint(len) bytes (N as canonical text); BOOL: 1 byte;
//           NULL: empty; SS/NS/BS: varint(count) { varint(len) bytes }*;
//           L: varint(count) value*; M: varint(count) { varint(len) name value }*
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace nimbus::dynamodb {

std::string EncodeItem(const Item& item);
// nullopt when the bytes are not an encoded item (corruption).
std::optional<Item> DecodeItem(std::string_view bytes);

}  // namespace nimbus::dynamodb
