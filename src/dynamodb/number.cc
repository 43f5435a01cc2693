#include "dynamodb/number.h"

#include <algorithm>
#include <cctype>

#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

// Smallest magnitude 1E-130 is 0.1 x 10^-129; the largest is below 10^126 = 0.1 x 10^127.
constexpr int kMinCanonicalExponent = limits::kMinNumberExponent + 1;
constexpr int kMaxCanonicalExponent = limits::kMaxNumberExponent + 1;

// DynamoDB echoes the text it could not read after a colon (an empty text leaves ": ").
ApiError NotANumber(std::string_view text) {
  return ValidationError("The parameter cannot be converted to a numeric value: " +
                         std::string(text));
}

// Strips zeros and checks the limits; `exponent` is for value = 0.<digits> x 10^exponent.
Result<Number> Canonicalize(bool negative, std::string digits, long long exponent) {
  std::size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return Number{};
  digits.erase(0, lead);
  exponent -= static_cast<long long>(lead);
  digits.erase(digits.find_last_not_of('0') + 1);
  if (digits.size() > static_cast<std::size_t>(limits::kMaxNumberDigits)) {
    return Fail(ValidationError("Attempting to store more than 38 significant digits in a Number"));
  }
  if (exponent > kMaxCanonicalExponent) {
    return Fail(ValidationError(
        "Number overflow. Attempting to store a number with magnitude larger than supported "
        "range"));
  }
  if (exponent < kMinCanonicalExponent) {
    return Fail(ValidationError(
        "Number underflow. Attempting to store a number with magnitude smaller than supported "
        "range"));
  }
  return Number{negative, std::move(digits), static_cast<int>(exponent)};
}

// Magnitude compare of two non-zero canonical numbers.
std::strong_ordering CompareMagnitude(const Number& a, const Number& b) {
  if (a.exponent != b.exponent) return a.exponent <=> b.exponent;
  int c = a.digits.compare(b.digits);
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// Digits of |n| as an integer scaled to 10^scale, i.e. |n| = int(result) x 10^scale.
std::string Scaled(const Number& n, int scale) {
  int own_scale = n.exponent - static_cast<int>(n.digits.size());
  return n.digits + std::string(own_scale - scale, '0');
}

std::string AddMagnitudes(std::string a, std::string b) {
  if (a.size() < b.size()) std::swap(a, b);
  b.insert(0, a.size() - b.size(), '0');
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int s = (a[i] - '0') + (b[i] - '0') + carry;
    out[i + 1] = static_cast<char>('0' + s % 10);
    carry = s / 10;
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

// a - b for a >= b, both the same length.
std::string SubtractMagnitudes(const std::string& a, std::string b) {
  b.insert(0, a.size() - b.size(), '0');
  std::string out(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    out[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  return out;
}

}  // namespace

Result<Number> ParseNumber(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  long long int_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      if (!seen_point) ++int_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return Fail(NotANumber(text));
  long long exp = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    std::size_t start = i;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      if (exp < 1'000'000) exp = exp * 10 + (text[i] - '0');  // saturate: range check follows
    }
    if (i == start) return Fail(NotANumber(text));
    if (exp_negative) exp = -exp;
  }
  if (i != text.size()) return Fail(NotANumber(text));
  // Leading zeros are many in "0.000...1"; bound them so the exponent arithmetic stays small.
  if (digits.size() > 100'000) return Fail(NotANumber(text));
  auto n = Canonicalize(negative, std::move(digits), int_digits + exp);
  if (n && n->IsZero()) n->negative = false;
  return n;
}

std::string FormatNumber(const Number& n) {
  // DynamoDB returns every number as a plain decimal, never in scientific form: 1E125 comes
  // back as 1 followed by 125 zeros.
  if (n.IsZero()) return "0";
  std::string out = n.negative ? "-" : "";
  int len = static_cast<int>(n.digits.size());
  if (n.exponent > 0) {
    if (len <= n.exponent) {
      out += n.digits + std::string(n.exponent - len, '0');
    } else {
      out += n.digits.substr(0, n.exponent) + "." + n.digits.substr(n.exponent);
    }
  } else {
    out += "0." + std::string(-n.exponent, '0') + n.digits;
  }
  return out;
}

std::string EncodeNumberOrdered(const Number& n) {
  // Layout: class byte (1 negative, 2 zero, 3 positive), then a biased exponent byte, then
  // one byte per digit and a terminator. Negatives are complemented so that larger
  // magnitudes sort first; the terminator (0x00 / 0xFF) makes shorter digit strings sort as
  // if padded with zeros, and keeps the encoding prefix-free.
  std::string out;
  if (n.IsZero()) return std::string(1, '\x02');
  auto biased = static_cast<unsigned char>(n.exponent - kMinCanonicalExponent);  // 0..255
  if (!n.negative) {
    out.push_back('\x03');
    out.push_back(static_cast<char>(biased));
    for (char d : n.digits) out.push_back(static_cast<char>(d - '0' + 1));
    out.push_back('\x00');
  } else {
    out.push_back('\x01');
    out.push_back(static_cast<char>(255 - biased));
    for (char d : n.digits) out.push_back(static_cast<char>(254 - (d - '0')));
    out.push_back('\xFF');
  }
  return out;
}

std::strong_ordering CompareNumbers(const Number& a, const Number& b) {
  auto sign = [](const Number& n) { return n.IsZero() ? 0 : (n.negative ? -1 : 1); };
  int sa = sign(a), sb = sign(b);
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  auto m = CompareMagnitude(a, b);
  return sa > 0 ? m : (0 <=> m);
}

Result<Number> AddNumbers(const Number& a, const Number& b) {
  if (a.IsZero()) return b;
  if (b.IsZero()) return a;
  int scale = std::min(a.exponent - static_cast<int>(a.digits.size()),
                       b.exponent - static_cast<int>(b.digits.size()));
  std::string ma = Scaled(a, scale), mb = Scaled(b, scale);
  std::size_t width = std::max(ma.size(), mb.size());
  ma.insert(0, width - ma.size(), '0');
  mb.insert(0, width - mb.size(), '0');
  bool negative;
  std::string sum;
  if (a.negative == b.negative) {
    negative = a.negative;
    sum = AddMagnitudes(ma, mb);
  } else if (ma >= mb) {
    negative = a.negative;
    sum = SubtractMagnitudes(ma, mb);
  } else {
    negative = b.negative;
    sum = SubtractMagnitudes(mb, ma);
  }
  long long exponent = static_cast<long long>(sum.size()) + scale;
  auto n = Canonicalize(negative, std::move(sum), exponent);
  if (n && n->IsZero()) n->negative = false;
  return n;
}

Result<Number> SubtractNumbers(const Number& a, Number b) {
  if (!b.IsZero()) b.negative = !b.negative;
  return AddNumbers(a, b);
}

}  // namespace nimbus::dynamodb
