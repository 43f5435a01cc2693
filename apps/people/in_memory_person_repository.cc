#include "people/in_memory_person_repository.h"

#include "people/email_claim.h"

namespace nimbus::people {
namespace {

using Code = RepositoryError::Code;
constexpr std::string_view kTokenPrefix = "after:";

}  // namespace

std::optional<RepositoryError> InMemoryPersonRepository::TakeFailure() {
  if (!failure_) return std::nullopt;
  RepositoryError error{Code::kStorage, std::move(*failure_)};
  failure_.reset();
  return error;
}

std::optional<RepositoryError> InMemoryPersonRepository::TakeWriteFailure() {
  if (auto failure = TakeFailure()) return failure;
  if (failing_writes_ == 0) return std::nullopt;
  --failing_writes_;
  return RepositoryError{write_failure_, "injected"};
}

RepositoryResult<void> InMemoryPersonRepository::Create(
    const Person& person, const std::optional<IdempotencyWrite>& idempotency) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  if (people_.contains(person.id))
    return std::unexpected(RepositoryError{Code::kAlreadyExists, person.id});
  const std::string email = NormalizeEmail(person.email);
  if (claims_.contains(email)) return std::unexpected(RepositoryError{Code::kEmailTaken, email});
  if (idempotency) {
    auto it = idempotency_.find(idempotency->key);
    if (it != idempotency_.end() && it->second.expires_at > idempotency->now) {
      return std::unexpected(RepositoryError{Code::kIdempotencyKeyTaken, idempotency->key});
    }
    idempotency_.insert_or_assign(
        idempotency->key,
        IdempotencyRecord<Person>{idempotency->fingerprint, idempotency->expires_at, person});
  }
  people_.emplace(person.id, person);
  claims_.emplace(email, person.id);
  return {};
}

RepositoryResult<std::optional<Person>> InMemoryPersonRepository::Find(std::string_view id) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(id);
  return it == people_.end() ? std::nullopt : std::optional<Person>(it->second);
}

RepositoryResult<std::optional<IdempotencyRecord<Person>>>
InMemoryPersonRepository::FindIdempotency(std::string_view key) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = idempotency_.find(key);
  if (it == idempotency_.end()) return std::optional<IdempotencyRecord<Person>>();
  return std::optional<IdempotencyRecord<Person>>(it->second);
}

RepositoryResult<PersonPage> InMemoryPersonRepository::List(const PageRequest& request) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.begin();
  if (request.token) {
    if (!request.token->starts_with(kTokenPrefix)) {
      return std::unexpected(RepositoryError{Code::kInvalidPageToken, "bad"});
    }
    it = people_.upper_bound(request.token->substr(kTokenPrefix.size()));
  }
  PersonPage page;
  for (; it != people_.end() && static_cast<int>(page.items.size()) < request.limit; ++it) {
    page.items.push_back(it->second);
  }
  if (it != people_.end()) page.next_token = std::string(kTokenPrefix) + page.items.back().id;
  return page;
}

RepositoryResult<void> InMemoryPersonRepository::Replace(const Person& current,
                                                         const Person& replacement) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(current.id);
  if (it == people_.end() || it->second.version != current.version) {
    return std::unexpected(RepositoryError{Code::kVersionMismatch, current.id});
  }
  const std::string before = NormalizeEmail(current.email);
  const std::string after = NormalizeEmail(replacement.email);
  if (before != after) {
    if (claims_.contains(after)) return std::unexpected(RepositoryError{Code::kEmailTaken, after});
    claims_.erase(before);
    claims_.emplace(after, current.id);
  }
  it->second = replacement;
  return {};
}

RepositoryResult<void> InMemoryPersonRepository::Remove(const Person& current) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(current.id);
  if (it == people_.end() || it->second.version != current.version) {
    return std::unexpected(RepositoryError{Code::kVersionMismatch, current.id});
  }
  claims_.erase(NormalizeEmail(current.email));
  people_.erase(it);
  return {};
}

}  // namespace nimbus::people
