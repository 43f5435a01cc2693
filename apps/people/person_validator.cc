#include "people/person_validator.h"

namespace nimbus::people {

FieldErrors ValidatePersonInput(const PersonInput& input) {
  FieldErrors errors;
  ValidateNameAndEmail(input.name, input.email, errors);
  if (input.phone) {
    if (IsBlank(*input.phone)) {
      errors.push_back({"phone", "must not be empty"});
    } else if (Utf8Length(*input.phone) > kMaxPhoneLength) {
      errors.push_back({"phone", AtMost(kMaxPhoneLength)});
    }
  }
  return errors;
}

}  // namespace nimbus::people
