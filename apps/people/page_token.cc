#include "people/page_token.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "nimbus/sdk/base64.h"
#include "people/person_item_mapper.h"

namespace nimbus::people {

std::string EncodePageToken(const sdk::dynamodb::Item& last_evaluated_key) {
  return sdk::EncodeBase64Url(boost::json::serialize(last_evaluated_key));
}

std::optional<sdk::dynamodb::Item> DecodePageToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxPageTokenLength) return std::nullopt;
  const std::optional<std::string> json = sdk::DecodeBase64Url(token);
  if (!json) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*json, ec);
  if (ec || !value.is_object() || !IsPersonKey(value.get_object())) return std::nullopt;
  return std::move(value.get_object());
}

}  // namespace nimbus::people
