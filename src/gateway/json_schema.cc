// valijson stays behind this file: its headers are heavy and its exceptions stop here.
#define VALIJSON_USE_EXCEPTIONS 1
#include "gateway/json_schema.h"

#include <boost/json.hpp>
#include <exception>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace nimbus::gateway {

struct JsonSchema::Impl {
  valijson::Schema schema;
};

JsonSchema::JsonSchema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonSchema::~JsonSchema() = default;

std::expected<std::shared_ptr<const JsonSchema>, std::string> JsonSchema::Compile(
    const boost::json::value& document) {
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::BoostJsonAdapter adapter(document);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("invalid JSON Schema: ") + e.what());
  }
  return std::shared_ptr<const JsonSchema>(new JsonSchema(std::move(impl)));
}

bool JsonSchema::Validate(const boost::json::value& instance) const {
  try {
    valijson::Validator validator;
    valijson::adapters::BoostJsonAdapter adapter(instance);
    return validator.validate(impl_->schema, adapter, nullptr);
  } catch (const std::exception&) {
    return false;  // e.g. a regex valijson cannot run: the body is not shown to be valid
  }
}

}  // namespace nimbus::gateway
