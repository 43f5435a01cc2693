#include "people/customer_controller.h"

#include "people/controller_support.h"
#include "people/customer_json_mapper.h"
#include "people/customer_validator.h"
#include "people/http_json.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;

std::string_view CustomerIdOf(const ProxyRequest& request) {
  return request.PathParameter("customerId").value_or(std::string_view());
}

std::expected<CustomerInput, ProxyResponse> ReadCustomerInput(const ProxyRequest& request) {
  auto body = ReadJsonObjectBody(request);
  if (!body) return std::unexpected(std::move(body.error()));
  auto input = CustomerInputFromJson(*body);
  if (!input) return std::unexpected(InvalidRequest(request, input.error()));
  return std::move(*input);
}

ProxyResponse CustomerResponse(int status, const Customer& customer) {
  ProxyResponse response = JsonResponse(status, CustomerToJson(customer));
  response.headers["ETag"] = FormatETag(customer.version);
  return response;
}

}  // namespace

CustomerController::CustomerController(CustomerService& service, std::ostream& log)
    : service_(service), log_(log) {}

ProxyResponse CustomerController::Create(const ProxyRequest& request) {
  auto key = ReadIdempotencyKey(request, "customers");
  if (!key) return InvalidRequest(request, {key.error()});
  auto input = ReadCustomerInput(request);
  if (!input) return std::move(input.error());
  std::optional<IdempotencyRequest> idempotency;
  if (*key) idempotency = IdempotencyRequest{**key, CustomerService::Fingerprint(*input)};
  auto created = service_.Create(*input, idempotency);
  if (!created) return Failure(request, created.error());
  ProxyResponse response = CustomerResponse(201, created->entity);
  response.headers["Location"] = "/customers/" + created->entity.id;
  if (created->replayed) response.headers["Idempotent-Replayed"] = "true";
  return response;
}

ProxyResponse CustomerController::Get(const ProxyRequest& request) {
  auto customer = service_.Get(CustomerIdOf(request));
  if (!customer) return Failure(request, customer.error());
  return CustomerResponse(200, *customer);
}

ProxyResponse CustomerController::List(const ProxyRequest& request) {
  auto query = ReadListQuery(request);
  if (!query) return InvalidRequest(request, {query.error()});
  std::optional<CustomerStatus> status;
  if (auto text = request.QueryParameter("status")) {
    status = ParseCustomerStatus(*text);
    if (!status) return InvalidRequest(request, {{"status", CustomerStatusMessage()}});
  }
  auto page = service_.List(*query, status);
  if (!page) return Failure(request, page.error());
  return JsonResponse(200, CustomerPageToJson(*page));
}

ProxyResponse CustomerController::Replace(const ProxyRequest& request) {
  auto if_match = ReadIfMatch(request);
  if (!if_match) return InvalidRequest(request, {if_match.error()});
  auto input = ReadCustomerInput(request);
  if (!input) return std::move(input.error());
  auto customer = service_.Replace(CustomerIdOf(request), *input, *if_match);
  if (!customer) return Failure(request, customer.error());
  return CustomerResponse(200, *customer);
}

ProxyResponse CustomerController::Remove(const ProxyRequest& request) {
  auto if_match = ReadIfMatch(request);
  if (!if_match) return InvalidRequest(request, {if_match.error()});
  auto removed = service_.Remove(CustomerIdOf(request), *if_match);
  if (!removed) return Failure(request, removed.error());
  return EmptyResponse(204);
}

ProxyResponse CustomerController::Failure(const ProxyRequest& request, const ServiceError& error) {
  return FailureResponse(request, error, "No customer has this id", log_);
}

}  // namespace nimbus::people
