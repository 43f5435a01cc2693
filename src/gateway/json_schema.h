// A compiled JSON Schema (draft 4, the dialect of API Gateway models) that checks documents.
// Backed by valijson. Immutable after Compile; Validate is thread-safe.
//
//   auto schema = JsonSchema::Compile(document);  // `$ref: "#/..."` resolves inside `document`
//   if (schema && (*schema)->Validate(json::parse(body))) ...
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <memory>
#include <string>

namespace nimbus::gateway {

class JsonSchema {
 public:
  // `document` is the schema; local references (`#/components/schemas/X`) resolve against it.
  // The error says why the schema is unusable.
  static std::expected<std::shared_ptr<const JsonSchema>, std::string> Compile(
      const boost::json::value& document);

  ~JsonSchema();
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;

  bool Validate(const boost::json::value& instance) const;

 private:
  struct Impl;
  explicit JsonSchema(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nimbus::gateway
