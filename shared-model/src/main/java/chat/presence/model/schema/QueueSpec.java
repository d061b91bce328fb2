package chat.presence.model.schema;

/** An SQS FIFO queue and its FIFO dead-letter queue, shared by the local runtime and the stack. */
public record QueueSpec(
    String name,
    String deadLetterName,
    String urlEnvVariable,
    int maxReceiveCount,
    int visibilityTimeoutSeconds) {

  public QueueSpec {
    if (!name.endsWith(".fifo") || !deadLetterName.endsWith(".fifo")) {
      throw new IllegalArgumentException("FIFO queue names end with .fifo");
    }
  }
}
