package chat.presence.functions.fakes.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One action of an update expression. */
public sealed interface UpdateAction {
  DocumentPath path();

  /** {@code SET path = value}. */
  record Set(DocumentPath path, Operand value) implements UpdateAction {}

  /** {@code REMOVE path}. */
  record Remove(DocumentPath path) implements UpdateAction {}

  /** {@code ADD path :value}: a number increment or a set union. */
  record Add(DocumentPath path, AttributeValue value) implements UpdateAction {}

  /** {@code DELETE path :set}: a set difference. */
  record Delete(DocumentPath path, AttributeValue value) implements UpdateAction {}
}
