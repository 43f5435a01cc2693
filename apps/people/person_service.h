// The People use cases: validates input, chooses ids and timestamps, and turns repository
// outcomes into results the controller can answer with. Knows nothing of HTTP or DynamoDB.
// Holds references to its collaborators, which must outlive it.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "people/clock.h"
#include "people/id_generator.h"
#include "people/person_dto.h"
#include "people/person_repository.h"

namespace nimbus::people {

struct ServiceError {
  enum class Kind { kInvalidInput, kNotFound, kInternal };
  Kind kind = Kind::kInternal;
  FieldErrors errors;  // kInvalidInput: what to tell the client
  std::string detail;  // kInternal: what to log, never to send

  static ServiceError InvalidInput(FieldErrors errors);
  static ServiceError NotFound();
  static ServiceError Internal(std::string detail);
};

template <typename T>
using ServiceResult = std::expected<T, ServiceError>;

struct ListQuery {
  std::optional<int> limit;  // kDefaultPageLimit when absent
  std::optional<std::string> next_token;
};

class PersonService {
 public:
  PersonService(PersonRepository& repository, const Clock& clock, IdGenerator& ids);

  ServiceResult<Person> Create(const PersonInput& input);
  ServiceResult<Person> Get(std::string_view id);
  ServiceResult<PersonPage> List(const ListQuery& query);
  // Replaces name, email and phone of an existing person; never creates one.
  ServiceResult<Person> Replace(std::string_view id, const PersonInput& input);
  ServiceResult<void> Remove(std::string_view id);

 private:
  PersonRepository& repository_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace nimbus::people
