#include "people/service_types.h"

#include "people/field_rules.h"

namespace nimbus::people {

ServiceError ServiceError::InvalidInput(FieldErrors errors) {
  return {Kind::kInvalidInput, std::move(errors), {}};
}
ServiceError ServiceError::Of(Kind kind) { return {kind, {}, {}}; }
ServiceError ServiceError::Internal(std::string detail) {
  return {Kind::kInternal, {}, std::move(detail)};
}

ServiceError FromRepository(const RepositoryError& error) {
  using Code = RepositoryError::Code;
  switch (error.code) {
    case Code::kInvalidPageToken:
      return ServiceError::InvalidInput({PageTokenError()});
    case Code::kEmailTaken:
      return ServiceError::Of(ServiceError::Kind::kEmailTaken);
    case Code::kVersionMismatch:
      return ServiceError::Of(ServiceError::Kind::kPreconditionFailed);
    case Code::kConflict:
      return ServiceError::Of(ServiceError::Kind::kConcurrentUpdate);
    case Code::kAlreadyExists:
    case Code::kIdempotencyKeyTaken:
    case Code::kStorage:
      break;
  }
  return ServiceError::Internal(error.detail);
}

std::expected<PageRequest, ServiceError> ToPageRequest(const ListQuery& query) {
  const int limit = query.limit.value_or(kDefaultPageLimit);
  if (limit < kMinPageLimit || limit > kMaxPageLimit) {
    return std::unexpected(ServiceError::InvalidInput({PageLimitError()}));
  }
  return PageRequest{limit, query.next_token};
}

}  // namespace nimbus::people
