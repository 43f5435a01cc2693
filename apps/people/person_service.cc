#include "people/person_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "people/email_claim.h"
#include "people/person_validator.h"
#include "people/write_flow.h"

namespace nimbus::people {
namespace {

// DynamoDB refuses an empty key and keys over 2048 bytes; neither can name a stored person,
// nor can an email claim's key, so they are answered as absent without reaching the store.
constexpr std::size_t kMaxIdBytes = 2048;

bool CanExist(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && !IsEmailClaimKey(id);
}

}  // namespace

PersonService::PersonService(PersonRepository& repository, const Clock& clock, IdGenerator& ids)
    : repository_(repository), clock_(clock), ids_(ids) {}

std::string PersonService::Fingerprint(const PersonInput& input) {
  boost::json::array fields{input.name, input.email};
  fields.emplace_back(input.phone ? boost::json::value(*input.phone) : boost::json::value());
  return boost::json::serialize(fields);
}

ServiceResult<Created<Person>> PersonService::Create(
    const PersonInput& input, const std::optional<IdempotencyRequest>& idempotency) {
  const auto now = clock_.Now();
  const std::string stamp = FormatIso8601(now);
  Person person{ids_.NewId(), input.name, input.email, input.phone, stamp, stamp, kFirstVersion};
  return CreateIdempotently<Person>(
      idempotency, now, [&](std::string_view key) { return repository_.FindIdempotency(key); },
      [&] { return ValidatePersonInput(input); },
      [&](const std::optional<IdempotencyWrite>& write) -> RepositoryResult<Person> {
        if (auto created = repository_.Create(person, write); !created) {
          return std::unexpected(created.error());
        }
        return person;
      });
}

ServiceResult<Person> PersonService::Get(std::string_view id) {
  if (!CanExist(id)) return std::unexpected(ServiceError::Of(ServiceError::Kind::kNotFound));
  auto found = repository_.Find(id);
  if (!found) return std::unexpected(FromRepository(found.error()));
  if (!*found) return std::unexpected(ServiceError::Of(ServiceError::Kind::kNotFound));
  return std::move(**found);
}

ServiceResult<PersonPage> PersonService::List(const ListQuery& query) {
  auto request = ToPageRequest(query);
  if (!request) return std::unexpected(std::move(request.error()));
  auto page = repository_.List(*request);
  if (!page) return std::unexpected(FromRepository(page.error()));
  return std::move(*page);
}

ServiceResult<Person> PersonService::Replace(std::string_view id, const PersonInput& input,
                                             const std::optional<IfMatch>& if_match) {
  if (FieldErrors errors = ValidatePersonInput(input); !errors.empty()) {
    return std::unexpected(ServiceError::InvalidInput(std::move(errors)));
  }
  if (!CanExist(id)) return std::unexpected(ServiceError::Of(ServiceError::Kind::kNotFound));
  return ReadCheckWrite<Person>(
      id, if_match, [&](std::string_view key) { return repository_.Find(key); },
      [&](const Person& current) -> RepositoryResult<Person> {
        Person replacement = current;
        replacement.name = input.name;
        replacement.email = input.email;
        replacement.phone = input.phone;
        replacement.updated_at = FormatIso8601(clock_.Now());
        replacement.version = current.version + 1;
        if (auto replaced = repository_.Replace(current, replacement); !replaced) {
          return std::unexpected(replaced.error());
        }
        return replacement;
      });
}

ServiceResult<void> PersonService::Remove(std::string_view id,
                                          const std::optional<IfMatch>& if_match) {
  if (!CanExist(id)) return std::unexpected(ServiceError::Of(ServiceError::Kind::kNotFound));
  auto removed = ReadCheckWrite<Person>(
      id, if_match, [&](std::string_view key) { return repository_.Find(key); },
      [&](const Person& current) -> RepositoryResult<Person> {
        if (auto done = repository_.Remove(current); !done) return std::unexpected(done.error());
        return current;
      });
  if (!removed) return std::unexpected(std::move(removed.error()));
  return {};
}

}  // namespace nimbus::people
