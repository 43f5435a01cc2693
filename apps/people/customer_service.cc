#include "people/customer_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "people/customer_validator.h"
#include "people/write_flow.h"

namespace nimbus::people {
namespace {

constexpr CustomerStatus kDefaultStatus = CustomerStatus::kActive;
// DynamoDB refuses keys over 2048 bytes; only ids this service makes can exist.
constexpr std::size_t kMaxIdBytes = 2048;

bool CanExist(std::string_view id) {
  return id.size() > kCustomerIdPrefix.size() && id.size() <= kMaxIdBytes &&
         id.starts_with(kCustomerIdPrefix);
}

ServiceError NotFound() { return ServiceError::Of(ServiceError::Kind::kNotFound); }

}  // namespace

CustomerService::CustomerService(CustomerRepository& repository, const Clock& clock,
                                 IdGenerator& ids)
    : repository_(repository), clock_(clock), ids_(ids) {}

std::string CustomerService::Fingerprint(const CustomerInput& input) {
  return boost::json::serialize(
      boost::json::array{input.name, input.email, ToString(input.status.value_or(kDefaultStatus))});
}

CustomerEvent CustomerService::EventFor(CustomerEventType type, const Customer& customer) {
  return {ids_.NewId(), type, customer, FormatIso8601(clock_.Now())};
}

ServiceResult<Created<Customer>> CustomerService::Create(
    const CustomerInput& input, const std::optional<IdempotencyRequest>& idempotency) {
  const auto now = clock_.Now();
  const std::string stamp = FormatIso8601(now);
  Customer customer{std::string(kCustomerIdPrefix) + ids_.NewId(),
                    input.name,
                    input.email,
                    input.status.value_or(kDefaultStatus),
                    stamp,
                    stamp,
                    kFirstVersion};
  return CreateIdempotently<Customer>(
      idempotency, now, [&](std::string_view key) { return repository_.FindIdempotency(key); },
      [&] { return ValidateCustomerInput(input, false); },
      [&](const std::optional<IdempotencyWrite>& write) -> RepositoryResult<Customer> {
        const CustomerEvent event = EventFor(CustomerEventType::kRegistered, customer);
        if (auto created = repository_.Create(customer, write, event); !created) {
          return std::unexpected(created.error());
        }
        return customer;
      });
}

ServiceResult<Customer> CustomerService::Get(std::string_view id) {
  if (!CanExist(id)) return std::unexpected(NotFound());
  auto found = repository_.Find(id);
  if (!found) return std::unexpected(FromRepository(found.error()));
  if (!*found) return std::unexpected(NotFound());
  return std::move(**found);
}

ServiceResult<CustomerPage> CustomerService::List(const ListQuery& query,
                                                  std::optional<CustomerStatus> status) {
  auto request = ToPageRequest(query);
  if (!request) return std::unexpected(std::move(request.error()));
  auto page = repository_.List({*request, status});
  if (!page) return std::unexpected(FromRepository(page.error()));
  return std::move(*page);
}

ServiceResult<Customer> CustomerService::Replace(std::string_view id, const CustomerInput& input,
                                                 const std::optional<IfMatch>& if_match) {
  if (FieldErrors errors = ValidateCustomerInput(input, true); !errors.empty()) {
    return std::unexpected(ServiceError::InvalidInput(std::move(errors)));
  }
  if (!CanExist(id)) return std::unexpected(NotFound());
  return ReadCheckWrite<Customer>(
      id, if_match, [&](std::string_view key) { return repository_.Find(key); },
      [&](const Customer& current) -> RepositoryResult<Customer> {
        Customer replacement = current;
        replacement.name = input.name;
        replacement.email = input.email;
        replacement.status = *input.status;
        replacement.updated_date = FormatIso8601(clock_.Now());
        replacement.version = current.version + 1;
        const CustomerEvent event = EventFor(CustomerEventType::kUpdated, replacement);
        if (auto replaced = repository_.Replace(current, replacement, event); !replaced) {
          return std::unexpected(replaced.error());
        }
        return replacement;
      });
}

ServiceResult<void> CustomerService::Remove(std::string_view id,
                                            const std::optional<IfMatch>& if_match) {
  if (!CanExist(id)) return std::unexpected(NotFound());
  auto removed = ReadCheckWrite<Customer>(
      id, if_match, [&](std::string_view key) { return repository_.Find(key); },
      [&](const Customer& current) -> RepositoryResult<Customer> {
        const CustomerEvent event = EventFor(CustomerEventType::kDeleted, current);
        if (auto done = repository_.Remove(current, event); !done) {
          return std::unexpected(done.error());
        }
        return current;
      });
  if (!removed) return std::unexpected(std::move(removed.error()));
  return {};
}

}  // namespace nimbus::people
