package chat.presence.functions.fakes.dynamo;

/**
 * An expression DynamoDB would refuse (syntax, undefined placeholder, misused function, ...), or an
 * update that cannot be applied to the item. The message is DynamoDB's, without the {@code Invalid
 * XExpression: } prefix that the caller adds.
 */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message) {
    super(message);
  }
}
