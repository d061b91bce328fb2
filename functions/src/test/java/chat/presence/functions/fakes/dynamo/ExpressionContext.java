package chat.presence.functions.fakes.dynamo;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
 * expressions, keeping track of which ones the expressions used: DynamoDB refuses a request that
 * defines a placeholder no expression uses.
 */
public final class ExpressionContext {
  private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
  private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;
  private final Set<String> unusedNames;
  private final Set<String> unusedValues;

  private ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
    this.names = names;
    this.values = values;
    this.unusedNames = new LinkedHashSet<>(names.keySet());
    this.unusedValues = new LinkedHashSet<>(values.keySet());
  }

  /**
   * Checks the placeholders as DynamoDB does before it parses anything.
   *
   * @param names the request's names, or null when it has none
   * @param values the request's values, or null when it has none
   * @throws ExpressionException with DynamoDB's message when they are malformed
   */
  public static ExpressionContext of(
      Map<String, String> names, Map<String, AttributeValue> values) {
    Map<String, String> checkedNames = new LinkedHashMap<>();
    if (names != null) {
      if (names.isEmpty()) {
        throw new ExpressionException("ExpressionAttributeNames must not be empty");
      }
      for (var entry : names.entrySet()) {
        if (!NAME_KEY.matcher(entry.getKey()).matches()) {
          throw new ExpressionException(
              "ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                  + entry.getKey()
                  + "\"");
        }
        checkedNames.put(entry.getKey(), entry.getValue());
      }
    }
    Map<String, AttributeValue> checkedValues = new LinkedHashMap<>();
    if (values != null) {
      if (values.isEmpty()) {
        throw new ExpressionException("ExpressionAttributeValues must not be empty");
      }
      for (String key : values.keySet()) {
        if (!VALUE_KEY.matcher(key).matches()) {
          throw new ExpressionException(
              "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
        }
      }
      for (var entry : values.entrySet()) {
        Optional<String> invalid = Values.invalidity(entry.getValue());
        if (invalid.isPresent()) {
          throw new ExpressionException(
              "ExpressionAttributeValues contains invalid value: "
                  + invalid.get()
                  + " for key "
                  + entry.getKey());
        }
        checkedValues.put(entry.getKey(), Values.normalize(entry.getValue()));
      }
    }
    return new ExpressionContext(checkedNames, checkedValues);
  }

  /** A context with no placeholders, for expressions that use none. */
  public static ExpressionContext empty() {
    return new ExpressionContext(Map.of(), Map.of());
  }

  /** The attribute name a {@code #placeholder} stands for, marking it used. */
  Optional<String> name(String placeholder) {
    String name = names.get(placeholder);
    if (name != null) {
      unusedNames.remove(placeholder);
    }
    return Optional.ofNullable(name);
  }

  /** The value a {@code :placeholder} stands for, marking it used. */
  Optional<AttributeValue> value(String placeholder) {
    AttributeValue value = values.get(placeholder);
    if (value != null) {
      unusedValues.remove(placeholder);
    }
    return Optional.ofNullable(value);
  }

  /** DynamoDB's complaint about placeholders that no expression used, if any. */
  public Optional<String> unusedProblem() {
    if (!unusedNames.isEmpty()) {
      return Optional.of(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
              + String.join(", ", unusedNames)
              + "}");
    }
    if (!unusedValues.isEmpty()) {
      return Optional.of(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
              + String.join(", ", unusedValues)
              + "}");
    }
    return Optional.empty();
  }

  Object[] snapshot() {
    return new Object[] {List.copyOf(unusedNames), List.copyOf(unusedValues)};
  }

  @SuppressWarnings("unchecked")
  void restore(Object[] snapshot) {
    unusedNames.clear();
    unusedNames.addAll((List<String>) snapshot[0]);
    unusedValues.clear();
    unusedValues.addAll((List<String>) snapshot[1]);
  }
}
