package chat.presence.bench.report;

/** How a client keeps its connection live, as API Gateway and Lambda bill it. */
public enum KeepAlive {
  /** A one-way route with a mock integration: the frame is the only message, nothing is invoked. */
  PING("ping", 1, 0),
  /** Answered by a function: the frame and its ack are two messages, and one invocation. */
  HEARTBEAT("heartbeat", 2, 1);

  private final String action;
  private final int messages;
  private final int invocations;

  KeepAlive(String action, int messages, int invocations) {
    this.action = action;
    this.messages = messages;
    this.invocations = invocations;
  }

  public String action() {
    return action;
  }

  /** Billed WebSocket messages per keep-alive, in both directions. */
  public int messages() {
    return messages;
  }

  /** Lambda invocations per keep-alive. */
  public int invocations() {
    return invocations;
  }
}
