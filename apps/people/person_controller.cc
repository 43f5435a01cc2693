#include "people/person_controller.h"

#include <charconv>

#include "people/http_json.h"
#include "people/person_json_mapper.h"
#include "people/person_validator.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;

std::string_view PersonIdOf(const ProxyRequest& request) {
  return request.PathParameter("personId").value_or(std::string_view());
}

// nullopt unless `text` is a plain decimal integer that fits an int; the range is the service's.
std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (text.empty() || ec != std::errc() || end != last) return std::nullopt;
  return value;
}

std::expected<PersonInput, ProxyResponse> ReadPersonInput(const ProxyRequest& request) {
  auto body = ReadJsonObjectBody(request);
  if (!body) return std::unexpected(std::move(body.error()));
  auto input = PersonInputFromJson(*body);
  if (!input) return std::unexpected(JsonResponse(400, FieldErrorsToJson(input.error())));
  return std::move(*input);
}

}  // namespace

PersonController::PersonController(PersonService& service, std::ostream& log)
    : service_(service), log_(log) {}

ProxyResponse PersonController::Create(const ProxyRequest& request) {
  auto input = ReadPersonInput(request);
  if (!input) return std::move(input.error());
  auto person = service_.Create(*input);
  if (!person) return Failure(request, person.error());
  ProxyResponse response = JsonResponse(201, PersonToJson(*person));
  response.headers["Location"] = "/people/" + person->id;
  return response;
}

ProxyResponse PersonController::Get(const ProxyRequest& request) {
  auto person = service_.Get(PersonIdOf(request));
  if (!person) return Failure(request, person.error());
  return JsonResponse(200, PersonToJson(*person));
}

ProxyResponse PersonController::List(const ProxyRequest& request) {
  ListQuery query;
  if (auto limit = request.QueryParameter("limit")) {
    query.limit = ParseInt(*limit);
    if (!query.limit) return JsonResponse(400, FieldErrorsToJson({PageLimitError()}));
  }
  if (auto token = request.QueryParameter("nextToken")) query.next_token = std::string(*token);
  auto page = service_.List(query);
  if (!page) return Failure(request, page.error());
  return JsonResponse(200, PageToJson(*page));
}

ProxyResponse PersonController::Replace(const ProxyRequest& request) {
  auto input = ReadPersonInput(request);
  if (!input) return std::move(input.error());
  auto person = service_.Replace(PersonIdOf(request), *input);
  if (!person) return Failure(request, person.error());
  return JsonResponse(200, PersonToJson(*person));
}

ProxyResponse PersonController::Remove(const ProxyRequest& request) {
  auto removed = service_.Remove(PersonIdOf(request));
  if (!removed) return Failure(request, removed.error());
  return EmptyResponse(204);
}

ProxyResponse PersonController::Failure(const ProxyRequest& request, const ServiceError& error) {
  switch (error.kind) {
    case ServiceError::Kind::kInvalidInput:
      return JsonResponse(400, FieldErrorsToJson(error.errors));
    case ServiceError::Kind::kNotFound:
      return MessageResponse(404, "Person not found");
    case ServiceError::Kind::kInternal:
      break;
  }
  log_ << "ERROR " << request.http_method << ' ' << request.path
       << " requestId=" << request.request_context.request_id << ": " << error.detail << '\n';
  log_.flush();
  return MessageResponse(500, "Internal server error");
}

}  // namespace nimbus::people
