#include "dynamodb/expression_parser.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "dynamodb/document_path.h"
#include "dynamodb/expression_lexer.h"
#include "dynamodb/limits.h"
#include "dynamodb/reserved_words.h"

namespace nimbus::dynamodb {
namespace {

bool IsConditionFunction(std::string_view f) {
  return f == "attribute_exists" || f == "attribute_not_exists" || f == "attribute_type" ||
         f == "begins_with" || f == "contains";
}

bool IsUpdateFunction(std::string_view f) { return f == "if_not_exists" || f == "list_append"; }

std::size_t Arity(std::string_view f) {
  if (f == "attribute_exists" || f == "attribute_not_exists" || f == "size") return 1;
  return 2;
}

// Parser state: the first error wins; after it, every method returns quickly and the
// top-level caller reports the error.
class Parser {
 public:
  Parser(std::string_view text, std::string_view what, ExpressionContext& ctx)
      : text_(text), what_(what), ctx_(ctx), tokens_(Tokenize(text)) {}

  std::optional<ApiError> error;

  // Counts the grammar's recursion (parentheses, NOT, nested function calls) so a hostile
  // expression ends in a ValidationException, not in a stack overflow.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > limits::kMaxExpressionNestingDepth) {
        p_.Fail("The expression has too many nested levels; maximum nesting depth: " +
                std::to_string(limits::kMaxExpressionNestingDepth));
      }
    }
    ~DepthGuard() { --p_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& p_;
  };

  bool AtEnd() const { return Peek().kind == Token::Kind::kEnd; }
  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool PeekKeyword(std::string_view kw) const {
    return Peek().kind == Token::Kind::kIdent && IEquals(Peek().text, kw);
  }
  bool PeekPunct(std::string_view p) const {
    return Peek().kind == Token::Kind::kPunct && Peek().text == p;
  }
  bool Accept(std::string_view p) {
    if (!PeekPunct(p)) return false;
    ++pos_;
    return true;
  }
  bool AcceptKeyword(std::string_view kw) {
    if (!PeekKeyword(kw)) return false;
    ++pos_;
    return true;
  }
  void Expect(std::string_view p) {
    if (!error && !Accept(p)) SyntaxError();
  }

  void Fail(std::string detail) {
    if (!error) error = ValidationError("Invalid " + std::string(what_) + ": " + detail);
  }

  void SyntaxError() {
    const Token& t = Peek();
    std::size_t from = pos_ > 0 ? tokens_[pos_ - 1].pos : t.pos;
    const Token& next = Peek(1);
    std::size_t to =
        std::min(text_.size(), next.pos + (next.kind == Token::Kind::kEnd ? 0 : next.text.size()));
    Fail("Syntax error; token: \"" + t.text + "\", near: \"" +
         std::string(text_.substr(from, to > from ? to - from : 0)) + "\"");
  }

  std::string NameStep() {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kIdent) {
      ++pos_;
      if (IsReservedWord(t.text)) {
        Fail("Attribute name is a reserved keyword; reserved keyword: " + t.text);
      }
      return t.text;
    }
    if (t.kind == Token::Kind::kName) {
      ++pos_;
      auto it = ctx_.names.find(t.text);
      if (it == ctx_.names.end()) {
        Fail(
            "An expression attribute name used in the document path is not defined; "
            "attribute name: " +
            t.text);
        return {};
      }
      ctx_.used_names.insert(t.text);
      return it->second;
    }
    SyntaxError();
    return {};
  }

  Path ParsePath() {
    Path path;
    path.push_back({NameStep()});
    while (!error) {
      if (Accept(".")) {
        path.push_back({NameStep()});
      } else if (Accept("[")) {
        if (Peek().kind != Token::Kind::kNumber) {
          SyntaxError();
          break;
        }
        int index = Peek().text.size() > 9 ? -2 : std::stoi(Peek().text);
        if (index < 0) Fail("List index is too large; index: " + Peek().text);
        ++pos_;
        path.push_back({"", index});
        Expect("]");
      } else {
        break;
      }
    }
    if (static_cast<int>(path.size()) > limits::kMaxDocumentPathDepth) {
      Fail("The document path has too many nesting levels; nesting levels: " +
           std::to_string(path.size()));
    }
    return path;
  }

  // A path, a :value, or a function call used as a value.
  Operand ParseOperand(bool update) {
    DepthGuard guard(*this);
    Operand op;
    if (error) return op;
    const Token& t = Peek();
    if (t.kind == Token::Kind::kValue) {
      ++pos_;
      auto it = ctx_.values.find(t.text);
      if (it == ctx_.values.end()) {
        Fail(
            "An expression attribute value used in expression is not defined; attribute "
            "value: " +
            t.text);
        return op;
      }
      ctx_.used_values.insert(t.text);
      op.kind = Operand::Kind::kValue;
      op.value = it->second;
      return op;
    }
    if (t.kind == Token::Kind::kIdent && Peek(1).kind == Token::Kind::kPunct &&
        Peek(1).text == "(") {
      std::string f = t.text;
      ++pos_;
      bool allowed = update ? IsUpdateFunction(f) : f == "size";
      if (!allowed) {
        if (IsConditionFunction(f) || IsUpdateFunction(f) || f == "size") {
          Fail("The function is not allowed to be used this way in an expression; function: " + f);
        } else {
          Fail("Invalid function name; function: " + f);
        }
        return op;
      }
      op.kind = Operand::Kind::kFunction;
      op.function = f;
      op.args = ParseArgs(f, update);
      return op;
    }
    if (t.kind == Token::Kind::kIdent || t.kind == Token::Kind::kName) {
      op.kind = Operand::Kind::kPath;
      op.path = ParsePath();
      return op;
    }
    SyntaxError();
    return op;
  }

  std::vector<Operand> ParseArgs(const std::string& f, bool update) {
    std::vector<Operand> args;
    Expect("(");
    while (!error) {
      args.push_back(ParseOperand(update));
      if (!Accept(",")) break;
    }
    Expect(")");
    if (!error && args.size() != Arity(f)) {
      Fail("Incorrect number of operands for operator or function; operator or function: " + f +
           ", number of operands: " + std::to_string(args.size()));
    }
    if (!error && f != "list_append" && args[0].kind != Operand::Kind::kPath) {
      Fail("Operator or function requires a document path; operator or function: " + f);
    }
    return args;
  }

  Condition ParseOr() {
    Condition left = ParseAnd();
    while (!error && AcceptKeyword("OR")) left = Binary(Condition::Kind::kOr, left, ParseAnd());
    return left;
  }

  Condition ParseAnd() {
    Condition left = ParseNot();
    while (!error && AcceptKeyword("AND")) left = Binary(Condition::Kind::kAnd, left, ParseNot());
    return left;
  }

  static Condition Binary(Condition::Kind kind, Condition a, Condition b) {
    Condition c;
    c.kind = kind;
    c.children = {std::move(a), std::move(b)};
    return c;
  }

  Condition ParseNot() {
    DepthGuard guard(*this);
    if (error) return Condition{};
    if (AcceptKeyword("NOT")) {
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(ParseNot());
      return c;
    }
    return ParsePrimary();
  }

  Condition ParsePrimary() {
    Condition c;
    if (error) return c;
    if (Accept("(")) {
      std::size_t open = pos_ - 1;
      c = ParseOr();
      Expect(")");
      std::size_t close = pos_ - 1;
      // "((a = :v))": a group whose only content is another group.
      if (!error && groups_.contains({open + 1, close - 1})) {
        Fail("The expression has redundant parentheses;");
      }
      groups_.insert({open, close});
      return c;
    }
    const Token& t = Peek();
    if (t.kind == Token::Kind::kIdent && IsConditionFunction(t.text) &&
        Peek(1).kind == Token::Kind::kPunct && Peek(1).text == "(") {
      ++pos_;
      c.kind = Condition::Kind::kFunction;
      c.function = t.text;
      c.operands = ParseArgs(c.function, false);
      CheckDistinctOperands(c.function, c.operands);
      return c;
    }
    Operand subject = ParseOperand(false);
    if (error) return c;
    const Token& op = Peek();
    if (op.kind == Token::Kind::kPunct && (op.text == "=" || op.text == "<>" || op.text == "<" ||
                                           op.text == "<=" || op.text == ">" || op.text == ">=")) {
      ++pos_;
      c.kind = Condition::Kind::kCompare;
      c.op = op.text;
      c.operands = {std::move(subject), ParseOperand(false)};
    } else if (AcceptKeyword("BETWEEN")) {
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(std::move(subject));
      c.operands.push_back(ParseOperand(false));
      if (!error && !AcceptKeyword("AND")) SyntaxError();
      c.operands.push_back(ParseOperand(false));
    } else if (AcceptKeyword("IN")) {
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(std::move(subject));
      Expect("(");
      while (!error) {
        c.operands.push_back(ParseOperand(false));
        if (!Accept(",")) break;
      }
      Expect(")");
      std::size_t listed = c.operands.size() - 1;
      if (!error && listed > limits::kMaxInOperands) {
        Fail("The IN operator is provided with too many operands; number of operands: " +
             std::to_string(listed));
      }
    } else {
      SyntaxError();
    }
    CheckDistinctOperands(c.kind == Condition::Kind::kCompare   ? c.op
                          : c.kind == Condition::Kind::kBetween ? "BETWEEN"
                                                                : "IN",
                          c.operands);
    return c;
  }

  // DynamoDB refuses "a = a", "contains(a, a)" and the like: an operator whose first operand
  // is a path that also appears among the others.
  void CheckDistinctOperands(std::string_view op, const std::vector<Operand>& operands) {
    if (error || operands.empty() || operands[0].kind != Operand::Kind::kPath) return;
    for (std::size_t i = 1; i < operands.size(); ++i) {
      if (operands[i].kind == Operand::Kind::kPath && operands[i].path == operands[0].path) {
        Fail(
            "The first operand must be distinct from the remaining operands for this operator or "
            "function; operator: " +
            std::string(op) + ", first operand: " + PathForMessage(operands[0].path));
        return;
      }
    }
  }

  // SET's right-hand side: operand [ (+|-) operand ].
  Operand ParseSetValue() {
    Operand left = ParseOperand(true);
    if (error) return left;
    bool plus = PeekPunct("+");
    if (plus || PeekPunct("-")) {
      ++pos_;
      Operand out;
      out.kind = plus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      out.args = {std::move(left), ParseOperand(true)};
      return out;
    }
    return left;
  }

  UpdateExpression ParseUpdateClauses() {
    UpdateExpression update;
    std::set<std::string> seen;
    if (AtEnd()) SyntaxError();
    while (!error && !AtEnd()) {
      const Token& kw = Peek();
      std::string clause = Lower(kw.text);
      UpdateAction::Kind kind;
      if (kw.kind != Token::Kind::kIdent) {
        SyntaxError();
        break;
      } else if (clause == "set") {
        kind = UpdateAction::Kind::kSet;
      } else if (clause == "remove") {
        kind = UpdateAction::Kind::kRemove;
      } else if (clause == "add") {
        kind = UpdateAction::Kind::kAdd;
      } else if (clause == "delete") {
        kind = UpdateAction::Kind::kDelete;
      } else {
        SyntaxError();
        break;
      }
      ++pos_;
      if (!seen.insert(clause).second) {
        std::string upper = clause;
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        Fail("The \"" + upper + "\" section can only be used once in an update expression;");
        break;
      }
      do {
        UpdateAction action;
        action.kind = kind;
        action.path = ParsePath();
        if (kind == UpdateAction::Kind::kSet) {
          Expect("=");
          action.value = ParseSetValue();
        } else if (kind != UpdateAction::Kind::kRemove) {
          action.value = ParseOperand(true);
          if (!error && action.value.kind != Operand::Kind::kValue) SyntaxError();
        }
        update.actions.push_back(std::move(action));
      } while (!error && Accept(","));
    }
    return update;
  }

  std::vector<Path> ParsePaths() {
    std::vector<Path> paths;
    do {
      paths.push_back(ParsePath());
    } while (!error && Accept(","));
    return paths;
  }

  void ExpectEnd() {
    if (!error && !AtEnd()) SyntaxError();
  }

  Result<void> CheckText() {
    if (text_.empty()) {
      return std::unexpected(
          ValidationError("Invalid " + std::string(what_) + ": The expression can not be empty;"));
    }
    if (text_.size() > limits::kMaxExpressionLength) {
      return std::unexpected(ValidationError("Invalid " + std::string(what_) +
                                             ": Expression size has exceeded the maximum allowed "
                                             "size; expression size: " +
                                             std::to_string(text_.size())));
    }
    for (const Token& t : tokens_) {
      if (t.kind == Token::Kind::kInvalid) {
        return std::unexpected(ValidationError("Invalid " + std::string(what_) +
                                               ": Invalid character encountered; token: \"" +
                                               t.text + "\""));
      }
    }
    return {};
  }

 private:
  std::string_view text_;
  std::string_view what_;
  ExpressionContext& ctx_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  // Token positions of the "(" and ")" of every parenthesized condition parsed so far.
  std::set<std::pair<std::size_t, std::size_t>> groups_;
};

template <typename T>
Result<T> Finish(Parser& p, T value) {
  p.ExpectEnd();
  if (p.error) return std::unexpected(*p.error);
  return value;
}

}  // namespace

Result<Condition> ParseCondition(std::string_view text, std::string_view what,
                                 ExpressionContext& ctx) {
  Parser p(text, what, ctx);
  if (auto ok = p.CheckText(); !ok) return std::unexpected(ok.error());
  return Finish(p, p.ParseOr());
}

Result<UpdateExpression> ParseUpdate(std::string_view text, ExpressionContext& ctx) {
  Parser p(text, "UpdateExpression", ctx);
  if (auto ok = p.CheckText(); !ok) return std::unexpected(ok.error());
  auto update = Finish(p, p.ParseUpdateClauses());
  if (!update) return update;
  std::vector<const Path*> paths;
  for (const auto& a : update->actions) paths.push_back(&a.path);
  if (auto ok = CheckNoOverlap(paths, "UpdateExpression"); !ok) return std::unexpected(ok.error());
  return update;
}

Result<std::vector<Path>> ParseProjection(std::string_view text, ExpressionContext& ctx) {
  Parser p(text, "ProjectionExpression", ctx);
  if (auto ok = p.CheckText(); !ok) return std::unexpected(ok.error());
  auto projection = Finish(p, p.ParsePaths());
  if (!projection) return projection;
  std::vector<const Path*> paths;
  for (const auto& path : *projection) paths.push_back(&path);
  if (auto ok = CheckNoOverlap(paths, "ProjectionExpression"); !ok) {
    return std::unexpected(ok.error());
  }
  return projection;
}

}  // namespace nimbus::dynamodb
