#include "people/in_memory_person_repository.h"

namespace nimbus::people {
namespace {

constexpr std::string_view kTokenPrefix = "after:";

}  // namespace

std::optional<RepositoryError> InMemoryPersonRepository::TakeFailure() {
  if (!failure_) return std::nullopt;
  RepositoryError error{RepositoryError::Code::kStorage, std::move(*failure_)};
  failure_.reset();
  return error;
}

RepositoryResult<void> InMemoryPersonRepository::Create(const Person& person) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  if (!people_.emplace(person.id, person).second) {
    return std::unexpected(RepositoryError{RepositoryError::Code::kAlreadyExists, person.id});
  }
  return {};
}

RepositoryResult<std::optional<Person>> InMemoryPersonRepository::Find(std::string_view id) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(id);
  return it == people_.end() ? std::nullopt : std::optional<Person>(it->second);
}

RepositoryResult<PersonPage> InMemoryPersonRepository::List(const PageRequest& request) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.begin();
  if (request.token) {
    if (!request.token->starts_with(kTokenPrefix)) {
      return std::unexpected(RepositoryError{RepositoryError::Code::kInvalidPageToken, "bad"});
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

RepositoryResult<std::optional<Person>> InMemoryPersonRepository::Update(
    const PersonUpdate& update) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(update.id);
  if (it == people_.end()) return std::optional<Person>();
  Person& person = it->second;
  person.name = update.name;
  person.email = update.email;
  person.phone = update.phone;
  person.updated_at = update.updated_at;
  return std::optional<Person>(person);
}

RepositoryResult<bool> InMemoryPersonRepository::Remove(std::string_view id) {
  if (auto failure = TakeFailure()) return std::unexpected(std::move(*failure));
  auto it = people_.find(id);
  if (it == people_.end()) return false;
  people_.erase(it);
  return true;
}

}  // namespace nimbus::people
