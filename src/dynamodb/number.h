// DynamoDB numbers: exact decimals of up to 38 significant digits, magnitude 1E-130 to
// 9.99..E+125. A Number is held canonical (no leading or trailing zeros), so "1", "1.0" and
// "10E-1" are the same value, print the same, and encode to the same key bytes.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "dynamodb/errors.h"

namespace nimbus::dynamodb {

struct Number {
  bool negative = false;
  std::string digits;  // significant digits, no leading/trailing '0'; empty means zero
  int exponent = 0;    // value = 0.<digits> x 10^exponent

  bool IsZero() const { return digits.empty(); }
  bool operator==(const Number&) const = default;
};

// Parses DynamoDB's number text, checking digits and range (ValidationException otherwise).
Result<Number> ParseNumber(std::string_view text);

// The canonical text DynamoDB returns for the value.
std::string FormatNumber(const Number& n);

// Bytes whose bytewise order is the numeric order; no encoding is a prefix of another.
std::string EncodeNumberOrdered(const Number& n);

std::strong_ordering CompareNumbers(const Number& a, const Number& b);

// a + b and a - b; fail like DynamoDB when the result leaves the representable range.
Result<Number> AddNumbers(const Number& a, const Number& b);
Result<Number> SubtractNumbers(const Number& a, Number b);

}  // namespace nimbus::dynamodb
