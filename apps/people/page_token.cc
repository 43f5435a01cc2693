#include "people/page_token.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "nimbus/sdk/base64.h"

namespace nimbus::people {
namespace {

// The {"S": "non-empty"} value at `name`, or nullptr.
const boost::json::string* NonEmptyS(const boost::json::object& key, std::string_view name) {
  const auto* value = key.if_contains(name);
  if (value == nullptr || !value->is_object() || value->get_object().size() != 1) return nullptr;
  const auto* s = value->get_object().if_contains("S");
  return s != nullptr && s->is_string() && !s->get_string().empty() ? &s->get_string() : nullptr;
}

bool IsKeyOf(const boost::json::object& key, const PageTokenShape& shape, std::size_t partition) {
  if (key.size() != shape.key_attributes.size()) return false;
  if (!std::ranges::all_of(shape.key_attributes, [&](const std::string& name) {
        return NonEmptyS(key, name) != nullptr;
      })) {
    return false;
  }
  return *NonEmptyS(key, shape.partition_attribute) == shape.partitions[partition];
}

}  // namespace

std::string EncodePageToken(std::string_view listing, const PagePosition& position) {
  boost::json::object token{{"l", listing}, {"p", position.partition}};
  if (position.start_key) token["k"] = *position.start_key;
  return sdk::EncodeBase64Url(boost::json::serialize(token));
}

std::optional<PagePosition> DecodePageToken(std::string_view token, const PageTokenShape& shape) {
  if (token.empty() || token.size() > kMaxPageTokenLength) return std::nullopt;
  const std::optional<std::string> json = sdk::DecodeBase64Url(token);
  if (!json) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*json, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const boost::json::object& object = value.get_object();
  const auto* listing = object.if_contains("l");
  const auto* partition = object.if_contains("p");
  const auto* key = object.if_contains("k");
  if (object.size() != (key != nullptr ? 3u : 2u)) return std::nullopt;
  if (listing == nullptr || !listing->is_string() || listing->get_string() != shape.listing) {
    return std::nullopt;
  }
  if (partition == nullptr || !partition->is_int64() || partition->get_int64() < 0 ||
      static_cast<std::size_t>(partition->get_int64()) >= shape.partitions.size()) {
    return std::nullopt;
  }
  PagePosition position{static_cast<std::size_t>(partition->get_int64()), std::nullopt};
  if (key != nullptr) {
    if (!key->is_object() || !IsKeyOf(key->get_object(), shape, position.partition)) {
      return std::nullopt;
    }
    position.start_key = key->get_object();
  }
  return position;
}

}  // namespace nimbus::people
