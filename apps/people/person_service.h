// The People use cases: validates input, chooses ids, timestamps and versions, and turns
// repository outcomes into results the controller can answer with. Knows nothing of HTTP or
// DynamoDB. Holds references to its collaborators, which must outlive it.
#pragma once

#include <optional>
#include <string_view>

#include "people/clock.h"
#include "people/id_generator.h"
#include "people/person_dto.h"
#include "people/person_repository.h"
#include "people/preconditions.h"
#include "people/service_types.h"

namespace nimbus::people {

class PersonService {
 public:
  PersonService(PersonRepository& repository, const Clock& clock, IdGenerator& ids);

  // With `idempotency`, a repeat of the key returns the first person (replayed = true).
  ServiceResult<Created<Person>> Create(const PersonInput& input,
                                        const std::optional<IdempotencyRequest>& idempotency = {});
  ServiceResult<Person> Get(std::string_view id);
  ServiceResult<PersonPage> List(const ListQuery& query);
  // Replaces name, email and phone of an existing person; never creates one.
  ServiceResult<Person> Replace(std::string_view id, const PersonInput& input,
                                const std::optional<IfMatch>& if_match = {});
  ServiceResult<void> Remove(std::string_view id, const std::optional<IfMatch>& if_match = {});

  // What identifies a create request for Idempotency-Key reuse: its validated fields.
  static std::string Fingerprint(const PersonInput& input);

 private:
  PersonRepository& repository_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace nimbus::people
