package chat.presence.functions.fakes.dynamo;

import java.util.List;

/** A parsed condition, filter or key condition expression. */
public sealed interface Condition {
  /** {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
  record Comparison(String operator, Operand left, Operand right) implements Condition {}

  record Between(Operand value, Operand lower, Operand upper) implements Condition {}

  record In(Operand value, List<Operand> candidates) implements Condition {}

  /**
   * {@code attribute_exists}, {@code attribute_not_exists}, {@code attribute_type}, {@code
   * begins_with} or {@code contains}.
   */
  record Function(String name, List<Operand> arguments) implements Condition {}

  record And(Condition left, Condition right) implements Condition {}

  record Or(Condition left, Condition right) implements Condition {}

  record Not(Condition condition) implements Condition {}
}
