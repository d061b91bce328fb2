package chat.presence.functions.fakes.dynamo;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An operand of a condition ({@code path}, {@code :value}, {@code size}) or of a SET action. */
public sealed interface Operand {
  /** An attribute of the item, by document path. */
  record Path(DocumentPath path) implements Operand {}

  /** An expression attribute value, already normalised ({@code null} if it was not defined). */
  record Value(String placeholder, AttributeValue value) implements Operand {}

  /** {@code size(operand)}: conditions only. */
  record Size(Operand argument) implements Operand {}

  /** {@code if_not_exists(path, fallback)}: SET only. */
  record IfNotExists(DocumentPath path, Operand fallback) implements Operand {}

  /** {@code list_append(first, second)}: SET only. */
  record ListAppend(Operand first, Operand second) implements Operand {}

  /** {@code left + right} or {@code left - right}: SET only. */
  record Arithmetic(char operator, Operand left, Operand right) implements Operand {}

  /**
   * A function name the expression language does not know; only ever inside a refused expression.
   */
  record Unknown(String name, List<Object> arguments) implements Operand {}
}
