#include "people/person_service.h"

#include "people/person_validator.h"

namespace nimbus::people {
namespace {

// DynamoDB refuses an empty key and keys over 2048 bytes; neither can name a stored person,
// so they are answered as absent instead of reaching the store as a ValidationException.
constexpr std::size_t kMaxIdBytes = 2048;

bool CanExist(std::string_view id) { return !id.empty() && id.size() <= kMaxIdBytes; }

ServiceError FromRepository(const RepositoryError& error) {
  if (error.code == RepositoryError::Code::kInvalidPageToken) {
    return ServiceError::InvalidInput({PageTokenError()});
  }
  return ServiceError::Internal(error.detail);
}

}  // namespace

ServiceError ServiceError::InvalidInput(FieldErrors errors) {
  return {Kind::kInvalidInput, std::move(errors), {}};
}
ServiceError ServiceError::NotFound() { return {Kind::kNotFound, {}, {}}; }
ServiceError ServiceError::Internal(std::string detail) {
  return {Kind::kInternal, {}, std::move(detail)};
}

PersonService::PersonService(PersonRepository& repository, const Clock& clock, IdGenerator& ids)
    : repository_(repository), clock_(clock), ids_(ids) {}

ServiceResult<Person> PersonService::Create(const PersonInput& input) {
  if (FieldErrors errors = ValidatePersonInput(input); !errors.empty()) {
    return std::unexpected(ServiceError::InvalidInput(std::move(errors)));
  }
  const std::string now = FormatIso8601(clock_.Now());
  Person person{ids_.NewId(), input.name, input.email, input.phone, now, now};
  if (auto created = repository_.Create(person); !created) {
    return std::unexpected(FromRepository(created.error()));
  }
  return person;
}

ServiceResult<Person> PersonService::Get(std::string_view id) {
  if (!CanExist(id)) return std::unexpected(ServiceError::NotFound());
  auto found = repository_.Find(id);
  if (!found) return std::unexpected(FromRepository(found.error()));
  if (!*found) return std::unexpected(ServiceError::NotFound());
  return std::move(**found);
}

ServiceResult<PersonPage> PersonService::List(const ListQuery& query) {
  const int limit = query.limit.value_or(kDefaultPageLimit);
  if (limit < kMinPageLimit || limit > kMaxPageLimit) {
    return std::unexpected(ServiceError::InvalidInput({PageLimitError()}));
  }
  auto page = repository_.List({limit, query.next_token});
  if (!page) return std::unexpected(FromRepository(page.error()));
  return std::move(*page);
}

ServiceResult<Person> PersonService::Replace(std::string_view id, const PersonInput& input) {
  if (FieldErrors errors = ValidatePersonInput(input); !errors.empty()) {
    return std::unexpected(ServiceError::InvalidInput(std::move(errors)));
  }
  if (!CanExist(id)) return std::unexpected(ServiceError::NotFound());
  PersonUpdate update{std::string(id), input.name, input.email, input.phone,
                      FormatIso8601(clock_.Now())};
  auto updated = repository_.Update(update);
  if (!updated) return std::unexpected(FromRepository(updated.error()));
  if (!*updated) return std::unexpected(ServiceError::NotFound());
  return std::move(**updated);
}

ServiceResult<void> PersonService::Remove(std::string_view id) {
  if (!CanExist(id)) return std::unexpected(ServiceError::NotFound());
  auto removed = repository_.Remove(id);
  if (!removed) return std::unexpected(FromRepository(removed.error()));
  if (!*removed) return std::unexpected(ServiceError::NotFound());
  return {};
}

}  // namespace nimbus::people
