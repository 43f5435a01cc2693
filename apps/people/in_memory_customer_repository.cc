#include "people/in_memory_customer_repository.h"

#include <algorithm>

#include "people/email_claim.h"

namespace nimbus::people {
namespace {

using Code = RepositoryError::Code;
constexpr std::string_view kTokenPrefix = "after:";

std::string Position(const Customer& customer) {
  return std::to_string(static_cast<int>(customer.status)) + "/" + customer.id;
}

}  // namespace

std::optional<RepositoryError> InMemoryCustomerRepository::TakeWriteFailure() {
  if (failing_writes_ == 0) return std::nullopt;
  --failing_writes_;
  return RepositoryError{write_failure_, "injected"};
}

RepositoryResult<void> InMemoryCustomerRepository::Create(
    const Customer& customer, const std::optional<IdempotencyWrite>& idempotency,
    const CustomerEvent& event) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  if (customers_.contains(customer.id)) {
    return std::unexpected(RepositoryError{Code::kAlreadyExists, customer.id});
  }
  const std::string email = NormalizeEmail(customer.email);
  if (claims_.contains(email)) return std::unexpected(RepositoryError{Code::kEmailTaken, email});
  if (idempotency) {
    auto it = idempotency_.find(idempotency->key);
    if (it != idempotency_.end() && it->second.expires_at > idempotency->now) {
      return std::unexpected(RepositoryError{Code::kIdempotencyKeyTaken, idempotency->key});
    }
    idempotency_.insert_or_assign(
        idempotency->key,
        IdempotencyRecord<Customer>{idempotency->fingerprint, idempotency->expires_at, customer});
  }
  customers_.emplace(customer.id, customer);
  claims_.emplace(email, customer.id);
  outbox_.push_back(event);
  return {};
}

RepositoryResult<std::optional<Customer>> InMemoryCustomerRepository::Find(std::string_view id) {
  auto it = customers_.find(id);
  return it == customers_.end() ? std::nullopt : std::optional<Customer>(it->second);
}

RepositoryResult<std::optional<IdempotencyRecord<Customer>>>
InMemoryCustomerRepository::FindIdempotency(std::string_view key) {
  auto it = idempotency_.find(key);
  if (it == idempotency_.end()) return std::optional<IdempotencyRecord<Customer>>();
  return std::optional<IdempotencyRecord<Customer>>(it->second);
}

RepositoryResult<CustomerPage> InMemoryCustomerRepository::List(
    const CustomerPageRequest& request) {
  std::vector<const Customer*> ordered;
  for (const auto& [id, customer] : customers_) {
    if (!request.status || customer.status == *request.status) ordered.push_back(&customer);
  }
  std::ranges::sort(ordered, {}, [](const Customer* c) { return Position(*c); });
  auto it = ordered.begin();
  if (request.page.token) {
    if (!request.page.token->starts_with(kTokenPrefix)) {
      return std::unexpected(RepositoryError{Code::kInvalidPageToken, "bad"});
    }
    const std::string after = request.page.token->substr(kTokenPrefix.size());
    it = std::ranges::find_if(ordered, [&](const Customer* c) { return Position(*c) > after; });
  }
  CustomerPage page;
  for (; it != ordered.end() && static_cast<int>(page.items.size()) < request.page.limit; ++it) {
    page.items.push_back(**it);
  }
  if (it != ordered.end()) {
    page.next_token = std::string(kTokenPrefix) + Position(page.items.back());
  }
  return page;
}

RepositoryResult<void> InMemoryCustomerRepository::Replace(const Customer& current,
                                                           const Customer& replacement,
                                                           const CustomerEvent& event) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  auto it = customers_.find(current.id);
  if (it == customers_.end() || it->second.version != current.version) {
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
  outbox_.push_back(event);
  return {};
}

RepositoryResult<void> InMemoryCustomerRepository::Remove(const Customer& current,
                                                          const CustomerEvent& event) {
  if (auto failure = TakeWriteFailure()) return std::unexpected(std::move(*failure));
  auto it = customers_.find(current.id);
  if (it == customers_.end() || it->second.version != current.version) {
    return std::unexpected(RepositoryError{Code::kVersionMismatch, current.id});
  }
  claims_.erase(NormalizeEmail(current.email));
  customers_.erase(it);
  outbox_.push_back(event);
  return {};
}

}  // namespace nimbus::people
