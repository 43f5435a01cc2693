// Tokens of DynamoDB's expression language. Keywords are not tokens of their own: the
// parser matches identifiers case-insensitively, as DynamoDB does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nimbus::dynamodb {

struct Token {
  enum class Kind { kIdent, kName, kValue, kNumber, kPunct, kEnd, kInvalid };
  Kind kind = Kind::kEnd;
  std::string text;     // the token as written (#n and :v keep their sigil)
  std::size_t pos = 0;  // offset in the expression, for "near:" in messages
};

// Case-insensitive comparison for keywords (AND, SET, ...), and lower-casing.
bool IEquals(std::string_view a, std::string_view b);
std::string Lower(std::string_view s);

// Always ends with a kEnd token; an unrecognized character yields a kInvalid token.
std::vector<Token> Tokenize(std::string_view expression);

}  // namespace nimbus::dynamodb
