package chat.presence.functions.fakes.dynamo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB data model on {@link AttributeValue}s: types, validation, number normalisation,
 * equality (sets compare as sets), ordering (strings in UTF-8 byte order, numbers by value, binary
 * as unsigned bytes) and {@code size}.
 */
public final class Values {
  private Values() {}

  /** The ten DynamoDB types, named as {@code attribute_type} names them. */
  public enum Kind {
    S,
    N,
    B,
    SS,
    NS,
    BS,
    M,
    L,
    BOOL,
    NULL
  }

  // What big.js (dynalite) and DynamoDB accept as a number.
  private static final Pattern NUMBER =
      Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** Strings in UTF-8 byte order, which is code point order (not Java's UTF-16 order). */
  public static final Comparator<String> STRING_ORDER = Values::compareStrings;

  /** The type of a value; empty when the value sets no type (an invalid value). */
  public static Optional<Kind> kindOf(AttributeValue value) {
    List<Kind> kinds = kinds(value);
    return kinds.isEmpty() ? Optional.empty() : Optional.of(kinds.get(0));
  }

  /** The type of a value already known to be valid. */
  public static Kind kind(AttributeValue value) {
    return kindOf(value)
        .orElseThrow(() -> new IllegalArgumentException("attribute value without a type"));
  }

  private static List<Kind> kinds(AttributeValue value) {
    List<Kind> kinds = new ArrayList<>(1);
    if (value.s() != null) kinds.add(Kind.S);
    if (value.n() != null) kinds.add(Kind.N);
    if (value.b() != null) kinds.add(Kind.B);
    if (value.hasSs()) kinds.add(Kind.SS);
    if (value.hasNs()) kinds.add(Kind.NS);
    if (value.hasBs()) kinds.add(Kind.BS);
    if (value.hasM()) kinds.add(Kind.M);
    if (value.hasL()) kinds.add(Kind.L);
    if (value.bool() != null) kinds.add(Kind.BOOL);
    if (value.nul() != null) kinds.add(Kind.NULL);
    return kinds;
  }

  /**
   * Why DynamoDB would refuse this value in a request (the message dynalite and DynamoDB give), or
   * empty when it is valid.
   */
  public static Optional<String> invalidity(AttributeValue value) {
    List<Kind> kinds = kinds(value);
    if (kinds.isEmpty()) {
      return Optional.of(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    for (Kind kind : kinds) {
      Optional<String> problem =
          switch (kind) {
            case N -> numberInvalidity(value.n());
            case NULL ->
                value.nul()
                    ? Optional.empty()
                    : Optional.of(
                        "One or more parameter values were invalid: Null attribute value types"
                            + " must have the value of true");
            case SS -> {
              if (value.ss().isEmpty()) {
                yield Optional.of(
                    "One or more parameter values were invalid: An string set  may not be empty");
              }
              yield hasDuplicates(value.ss())
                  ? Optional.of(
                      "One or more parameter values were invalid: Input collection "
                          + value.ss().toString()
                          + " contains duplicates.")
                  : Optional.empty();
            }
            case NS -> {
              if (value.ns().isEmpty()) {
                yield Optional.of(
                    "One or more parameter values were invalid: An number set  may not be empty");
              }
              for (String n : value.ns()) {
                Optional<String> bad = numberInvalidity(n);
                if (bad.isPresent()) {
                  yield bad;
                }
              }
              yield hasDuplicates(value.ns().stream().map(Values::normalizeNumber).toList())
                  ? Optional.of("Input collection contains duplicates")
                  : Optional.empty();
            }
            case BS -> {
              if (value.bs().isEmpty()) {
                yield Optional.of(
                    "One or more parameter values were invalid: Binary sets should not be empty");
              }
              yield hasDuplicates(
                      value.bs().stream().map(b -> Arrays.toString(b.asByteArray())).toList())
                  ? Optional.of(
                      "One or more parameter values were invalid: Input collection of type BS"
                          + " contains duplicates.")
                  : Optional.empty();
            }
            case M -> {
              for (AttributeValue member : value.m().values()) {
                Optional<String> bad = invalidity(member);
                if (bad.isPresent()) {
                  yield bad;
                }
              }
              yield Optional.empty();
            }
            case L -> {
              for (AttributeValue member : value.l()) {
                Optional<String> bad = invalidity(member);
                if (bad.isPresent()) {
                  yield bad;
                }
              }
              yield Optional.empty();
            }
            default -> Optional.empty();
          };
      if (problem.isPresent()) {
        return problem;
      }
    }
    if (kinds.size() > 1) {
      return Optional.of(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
              + " the supported datatypes");
    }
    return Optional.empty();
  }

  private static boolean hasDuplicates(List<String> values) {
    return new HashSet<>(values).size() != values.size();
  }

  private static Optional<String> numberInvalidity(String number) {
    if (number.isEmpty()) {
      return Optional.of("The parameter cannot be converted to a numeric value");
    }
    if (!NUMBER.matcher(number).matches()) {
      return Optional.of("The parameter cannot be converted to a numeric value: " + number);
    }
    BigDecimal value = new BigDecimal(number);
    if (value.signum() == 0) {
      return Optional.empty();
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int digits = stripped.precision();
    long exponent = (long) digits - stripped.scale() - 1;
    if (exponent > 125) {
      return Optional.of(
          "Number overflow. Attempting to store a number with magnitude larger than supported"
              + " range");
    }
    if (exponent < -130) {
      return Optional.of(
          "Number underflow. Attempting to store a number with magnitude smaller than supported"
              + " range");
    }
    if (digits > 38) {
      return Optional.of("Attempting to store more than 38 significant digits in a Number");
    }
    return Optional.empty();
  }

  /** A number as DynamoDB stores and returns it: no exponent, no trailing zeros. */
  public static String normalizeNumber(String number) {
    BigDecimal value = new BigDecimal(number);
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** The value with every number in it (also in sets, maps and lists) normalised. */
  public static AttributeValue normalize(AttributeValue value) {
    return switch (kind(value)) {
      case N -> AttributeValue.fromN(normalizeNumber(value.n()));
      case NS -> AttributeValue.fromNs(value.ns().stream().map(Values::normalizeNumber).toList());
      case M -> AttributeValue.fromM(normalize(value.m()));
      case L -> AttributeValue.fromL(value.l().stream().map(Values::normalize).toList());
      default -> value;
    };
  }

  /** A copy of an item (or map) with normalised numbers, in the same attribute order. */
  public static Map<String, AttributeValue> normalize(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>();
    item.forEach((name, value) -> copy.put(name, normalize(value)));
    return copy;
  }

  /** DynamoDB equality: same type and same value; sets compare as sets, maps and lists deeply. */
  public static boolean equal(AttributeValue a, AttributeValue b) {
    Kind kind = kind(a);
    if (kind != kind(b)) {
      return false;
    }
    return switch (kind) {
      case S -> a.s().equals(b.s());
      case N -> new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) == 0;
      case B -> a.b().equals(b.b());
      case SS -> Set.copyOf(a.ss()).equals(Set.copyOf(b.ss()));
      case NS -> numberSet(a.ns()).equals(numberSet(b.ns()));
      case BS -> Set.copyOf(a.bs()).equals(Set.copyOf(b.bs()));
      case BOOL -> a.bool().equals(b.bool());
      case NULL -> true;
      case L -> {
        if (a.l().size() != b.l().size()) {
          yield false;
        }
        for (int i = 0; i < a.l().size(); i++) {
          if (!equal(a.l().get(i), b.l().get(i))) {
            yield false;
          }
        }
        yield true;
      }
      case M -> {
        if (!a.m().keySet().equals(b.m().keySet())) {
          yield false;
        }
        for (var entry : a.m().entrySet()) {
          if (!equal(entry.getValue(), b.m().get(entry.getKey()))) {
            yield false;
          }
        }
        yield true;
      }
    };
  }

  private static Set<String> numberSet(List<String> numbers) {
    Set<String> set = new HashSet<>();
    numbers.forEach(n -> set.add(normalizeNumber(n)));
    return set;
  }

  /** Whether {@code <}, {@code <=}, {@code >}, {@code >=} and BETWEEN order values of this type. */
  public static boolean isOrdered(Kind kind) {
    return kind == Kind.S || kind == Kind.N || kind == Kind.B;
  }

  /** Orders two values of the same scalar type ({@link #isOrdered}). */
  public static int compare(AttributeValue a, AttributeValue b) {
    return switch (kind(a)) {
      case S -> compareStrings(a.s(), b.s());
      case N -> new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
      case B -> compareBytes(a.b(), b.b());
      default -> throw new IllegalArgumentException("not an ordered type: " + kind(a));
    };
  }

  public static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static int compareBytes(SdkBytes a, SdkBytes b) {
    return Arrays.compareUnsigned(a.asByteArray(), b.asByteArray());
  }

  /**
   * {@code size(path)}: characters of a string, bytes of a binary, elements of a set or list,
   * entries of a map; empty for the other types.
   */
  public static Optional<AttributeValue> size(AttributeValue value) {
    Integer size =
        switch (kind(value)) {
          case S -> value.s().length();
          case B -> value.b().asByteArray().length;
          case SS -> value.ss().size();
          case NS -> value.ns().size();
          case BS -> value.bs().size();
          case L -> value.l().size();
          case M -> value.m().size();
          default -> null;
        };
    return Optional.ofNullable(size).map(n -> AttributeValue.fromN(Integer.toString(n)));
  }

  /** {@code begins_with}: both strings or both binary, the first starting with the second. */
  public static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    Kind kind = kind(value);
    if (kind != kind(prefix)) {
      return false;
    }
    if (kind == Kind.S) {
      return value.s().startsWith(prefix.s());
    }
    if (kind == Kind.B) {
      byte[] bytes = value.b().asByteArray();
      byte[] start = prefix.b().asByteArray();
      return bytes.length >= start.length
          && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
    }
    return false;
  }

  /**
   * {@code contains}: a substring of a string (or binary), a member of a set, an element of a list.
   */
  public static boolean contains(AttributeValue container, AttributeValue operand) {
    Kind kind = kind(container);
    Kind operandKind = kind(operand);
    return switch (kind) {
      case S -> operandKind == Kind.S && container.s().contains(operand.s());
      case B ->
          operandKind == Kind.B
              && indexOf(container.b().asByteArray(), operand.b().asByteArray()) >= 0;
      case SS -> operandKind == Kind.S && container.ss().contains(operand.s());
      case NS ->
          operandKind == Kind.N && numberSet(container.ns()).contains(normalizeNumber(operand.n()));
      case BS -> operandKind == Kind.B && container.bs().contains(operand.b());
      case L -> container.l().stream().anyMatch(element -> equal(element, operand));
      default -> false;
    };
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The UTF-8 length of a string, as DynamoDB counts key sizes. */
  public static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
