package chat.presence.functions.fakes.dynamo;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Evaluates a parsed condition against an item (an absent item is an empty map), with DynamoDB's
 * rules: an operand that refers to a missing attribute, or operands of different types, make a
 * comparison false ({@code <>} is its negation, so true); numbers compare by value, strings in
 * UTF-8 byte order; lists and maps compare deeply, sets as sets. Only {@code S}, {@code N} and
 * {@code B} values are ordered. Two missing operands compare as equal (as in dynalite).
 */
public final class ConditionEvaluator {
  private ConditionEvaluator() {}

  public static boolean matches(Condition condition, Map<String, AttributeValue> item) {
    if (condition instanceof Condition.And and) {
      return matches(and.left(), item) && matches(and.right(), item);
    }
    if (condition instanceof Condition.Or or) {
      return matches(or.left(), item) || matches(or.right(), item);
    }
    if (condition instanceof Condition.Not not) {
      return !matches(not.condition(), item);
    }
    if (condition instanceof Condition.Comparison comparison) {
      return compare(comparison, item);
    }
    if (condition instanceof Condition.Between between) {
      return between(between, item);
    }
    if (condition instanceof Condition.In in) {
      return in(in, item);
    }
    return function((Condition.Function) condition, item);
  }

  private static boolean compare(
      Condition.Comparison comparison, Map<String, AttributeValue> item) {
    Optional<AttributeValue> left = value(comparison.left(), item);
    Optional<AttributeValue> right = value(comparison.right(), item);
    if (left.isEmpty() && right.isEmpty()) {
      // Two missing operands compare as equal, as dynalite has it (DynamoDB does not document it).
      return switch (comparison.operator()) {
        case "=", "<=", ">=" -> true;
        default -> false;
      };
    }
    boolean comparable =
        left.isPresent()
            && right.isPresent()
            && Values.kind(left.get()) == Values.kind(right.get());
    return switch (comparison.operator()) {
      case "=" -> comparable && Values.equal(left.get(), right.get());
      case "<>" -> !(comparable && Values.equal(left.get(), right.get()));
      default -> {
        if (!comparable || !Values.isOrdered(Values.kind(left.get()))) {
          yield false;
        }
        int order = Values.compare(left.get(), right.get());
        yield switch (comparison.operator()) {
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          case ">=" -> order >= 0;
          default -> throw new IllegalStateException("comparator " + comparison.operator());
        };
      }
    };
  }

  private static boolean between(Condition.Between between, Map<String, AttributeValue> item) {
    Optional<AttributeValue> value = value(between.value(), item);
    Optional<AttributeValue> lower = value(between.lower(), item);
    Optional<AttributeValue> upper = value(between.upper(), item);
    if (value.isEmpty() || lower.isEmpty() || upper.isEmpty()) {
      return false;
    }
    Values.Kind kind = Values.kind(value.get());
    if (!Values.isOrdered(kind)
        || Values.kind(lower.get()) != kind
        || Values.kind(upper.get()) != kind) {
      return false;
    }
    return Values.compare(value.get(), lower.get()) >= 0
        && Values.compare(value.get(), upper.get()) <= 0;
  }

  private static boolean in(Condition.In in, Map<String, AttributeValue> item) {
    Optional<AttributeValue> value = value(in.value(), item);
    if (value.isEmpty()) {
      return false;
    }
    for (Operand candidate : in.candidates()) {
      Optional<AttributeValue> other = value(candidate, item);
      if (other.isPresent()
          && Values.kind(other.get()) == Values.kind(value.get())
          && Values.equal(value.get(), other.get())) {
        return true;
      }
    }
    return false;
  }

  private static boolean function(Condition.Function function, Map<String, AttributeValue> item) {
    var arguments = function.arguments();
    return switch (function.name()) {
      case "attribute_exists" -> value(arguments.get(0), item).isPresent();
      case "attribute_not_exists" -> value(arguments.get(0), item).isEmpty();
      case "attribute_type" -> {
        Optional<AttributeValue> value = value(arguments.get(0), item);
        Optional<AttributeValue> type = value(arguments.get(1), item);
        yield value.isPresent()
            && type.isPresent()
            && type.get().s() != null
            && Values.kind(value.get()).name().equals(type.get().s());
      }
      case "begins_with" -> {
        Optional<AttributeValue> value = value(arguments.get(0), item);
        Optional<AttributeValue> prefix = value(arguments.get(1), item);
        yield value.isPresent()
            && prefix.isPresent()
            && Values.beginsWith(value.get(), prefix.get());
      }
      case "contains" -> {
        Optional<AttributeValue> container = value(arguments.get(0), item);
        Optional<AttributeValue> operand = value(arguments.get(1), item);
        yield container.isPresent()
            && operand.isPresent()
            && Values.contains(container.get(), operand.get());
      }
      default -> throw new IllegalStateException("not a condition function: " + function.name());
    };
  }

  /** The value of a condition operand for this item, if it has one. */
  public static Optional<AttributeValue> value(Operand operand, Map<String, AttributeValue> item) {
    if (operand instanceof Operand.Path path) {
      return path.path().resolve(item);
    }
    if (operand instanceof Operand.Value value) {
      return Optional.ofNullable(value.value());
    }
    if (operand instanceof Operand.Size size) {
      return value(size.argument(), item).flatMap(Values::size);
    }
    throw new IllegalStateException("not a condition operand: " + operand);
  }
}
