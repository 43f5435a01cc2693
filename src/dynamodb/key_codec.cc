#include "dynamodb/key_codec.h"

#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

// Bytes with 0x00 escaped as 0x00 0xFF and a 0x00 0x01 terminator: order-preserving (the
// terminator sorts below any escaped or plain byte) and prefix-free.
void AppendEscaped(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.push_back('\0');
  out.push_back('\x01');
}

void AppendBigEndian(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

}  // namespace

std::string EncodeKeyPart(const AttributeValue& v) {
  std::string out;
  if (v.type == AttrType::kN) {
    // Stored numbers are canonical and valid, so parsing cannot fail here.
    auto n = ParseNumber(v.scalar);
    return n ? EncodeNumberOrdered(*n) : out;
  }
  AppendEscaped(out, v.scalar);
  return out;
}

std::string EncodeKeyPartPrefix(const AttributeValue& v) {
  std::string out = EncodeKeyPart(v);
  out.resize(out.size() - 2);  // drop the terminator: escaping is per byte, so prefixes hold
  return out;
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::string(1, '\xFF');  // unreachable for our keyspaces
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

std::uint16_t PartitionHash(std::string_view encoded_part) {
  std::uint32_t h = 2166136261u;  // FNV-1a, folded to 16 bits
  for (char c : encoded_part) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return static_cast<std::uint16_t>((h >> 16) ^ (h & 0xFFFF));
}

std::string EncodePartition(const AttributeValue& v) {
  std::string part = EncodeKeyPart(v);
  std::uint16_t h = PartitionHash(part);
  std::string out;
  out.reserve(2 + part.size());
  out.push_back(static_cast<char>(h >> 8));
  out.push_back(static_cast<char>(h & 0xFF));
  return out + part;
}

KeyRange SegmentRange(const std::string& space_prefix, std::uint64_t segment, std::uint64_t total) {
  auto bound = [&](std::uint64_t s) { return s * kPartitionHashSpace / total; };
  auto key_at = [&](std::uint64_t hash) {
    if (hash >= kPartitionHashSpace) return PrefixSuccessor(space_prefix);
    std::string out = space_prefix;
    out.push_back(static_cast<char>(hash >> 8));
    out.push_back(static_cast<char>(hash & 0xFF));
    return out;
  };
  return {key_at(bound(segment)), key_at(bound(segment + 1))};
}

std::string TablePrefix(std::uint64_t table_id) {
  std::string out(1, kItemSpace);
  AppendBigEndian(out, table_id);
  return out;
}

std::string TablePrefixEnd(std::uint64_t table_id) { return TablePrefix(table_id + 1); }

std::string ItemKey(std::uint64_t table_id, const AttributeValue& hash,
                    const AttributeValue* range) {
  std::string out = TablePrefix(table_id);
  out += EncodePartition(hash);
  if (range != nullptr) out += EncodeKeyPart(*range);
  return out;
}

}  // namespace nimbus::dynamodb
