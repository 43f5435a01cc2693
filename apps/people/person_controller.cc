#include "people/person_controller.h"

#include "people/controller_support.h"
#include "people/http_json.h"
#include "people/person_json_mapper.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;

std::string_view PersonIdOf(const ProxyRequest& request) {
  return request.PathParameter("personId").value_or(std::string_view());
}

std::expected<PersonInput, ProxyResponse> ReadPersonInput(const ProxyRequest& request) {
  auto body = ReadJsonObjectBody(request);
  if (!body) return std::unexpected(std::move(body.error()));
  auto input = PersonInputFromJson(*body);
  if (!input) return std::unexpected(InvalidRequest(request, input.error()));
  return std::move(*input);
}

ProxyResponse PersonResponse(int status, const Person& person) {
  ProxyResponse response = JsonResponse(status, PersonToJson(person));
  response.headers["ETag"] = FormatETag(person.version);
  return response;
}

}  // namespace

PersonController::PersonController(PersonService& service, std::ostream& log)
    : service_(service), log_(log) {}

ProxyResponse PersonController::Create(const ProxyRequest& request) {
  auto key = ReadIdempotencyKey(request, "people");
  if (!key) return InvalidRequest(request, {key.error()});
  auto input = ReadPersonInput(request);
  if (!input) return std::move(input.error());
  std::optional<IdempotencyRequest> idempotency;
  if (*key) idempotency = IdempotencyRequest{**key, PersonService::Fingerprint(*input)};
  auto created = service_.Create(*input, idempotency);
  if (!created) return Failure(request, created.error());
  ProxyResponse response = PersonResponse(201, created->entity);
  response.headers["Location"] = "/people/" + created->entity.id;
  if (created->replayed) response.headers["Idempotent-Replayed"] = "true";
  return response;
}

ProxyResponse PersonController::Get(const ProxyRequest& request) {
  auto person = service_.Get(PersonIdOf(request));
  if (!person) return Failure(request, person.error());
  return PersonResponse(200, *person);
}

ProxyResponse PersonController::List(const ProxyRequest& request) {
  auto query = ReadListQuery(request);
  if (!query) return InvalidRequest(request, {query.error()});
  auto page = service_.List(*query);
  if (!page) return Failure(request, page.error());
  return JsonResponse(200, PageToJson(*page));
}

ProxyResponse PersonController::Replace(const ProxyRequest& request) {
  auto if_match = ReadIfMatch(request);
  if (!if_match) return InvalidRequest(request, {if_match.error()});
  auto input = ReadPersonInput(request);
  if (!input) return std::move(input.error());
  auto person = service_.Replace(PersonIdOf(request), *input, *if_match);
  if (!person) return Failure(request, person.error());
  return PersonResponse(200, *person);
}

ProxyResponse PersonController::Remove(const ProxyRequest& request) {
  auto if_match = ReadIfMatch(request);
  if (!if_match) return InvalidRequest(request, {if_match.error()});
  auto removed = service_.Remove(PersonIdOf(request), *if_match);
  if (!removed) return Failure(request, removed.error());
  return EmptyResponse(204);
}

ProxyResponse PersonController::Failure(const ProxyRequest& request, const ServiceError& error) {
  return FailureResponse(request, error, "No person has this id", log_);
}

}  // namespace nimbus::people
