#include "dynamodb/expression_lexer.h"

#include <cctype>

namespace nimbus::dynamodb {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    Token::Kind kind;
    if (IsIdentStart(c)) {
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      kind = Token::Kind::kIdent;
    } else if ((c == '#' || c == ':') && i + 1 < s.size() && IsIdentChar(s[i + 1])) {
      ++i;
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      kind = c == '#' ? Token::Kind::kName : Token::Kind::kValue;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      kind = Token::Kind::kNumber;
    } else if ((c == '<' || c == '>') && i + 1 < s.size() &&
               (s[i + 1] == '=' || (c == '<' && s[i + 1] == '>'))) {
      i += 2;
      kind = Token::Kind::kPunct;
    } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
      ++i;
      kind = Token::Kind::kPunct;
    } else {
      out.push_back({Token::Kind::kInvalid, std::string(1, c), start});
      ++i;
      continue;
    }
    out.push_back({kind, std::string(s.substr(start, i - start)), start});
  }
  out.push_back({Token::Kind::kEnd, "<EOF>", s.size()});
  return out;
}

}  // namespace nimbus::dynamodb
