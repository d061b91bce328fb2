package chat.presence.functions.fakes;

/**
 * One call to a fake service.
 *
 * @param service {@code dynamodb}, {@code gateway} or {@code sqs}
 * @param operation the API operation, e.g. {@code UpdateItem}, {@code PostToConnection}
 * @param target what it is about: a table and key, a connection id, a message group
 * @param writes whether the call can change state (a failure after it may hide a change)
 */
public record IoCall(String service, String operation, String target, boolean writes) {
  @Override
  public String toString() {
    return service + ":" + operation + " " + target;
  }
}
