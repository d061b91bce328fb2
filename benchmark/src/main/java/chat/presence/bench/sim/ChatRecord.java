package chat.presence.bench.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the simulated clients saw of one chat, from its request to its end. */
public final class ChatRecord {
  private final String chatId;
  private final String siteId;
  private final String visitorId;
  private final boolean endedByVisitor;
  private final boolean measured;
  private final long requestedNanos;
  private final Map<String, Long> agentReceipts = new HashMap<>();
  private final Map<String, Long> agentReceiptMillis = new HashMap<>();
  private long firstOfferedNanos = -1;
  private final AtomicBoolean waiting = new AtomicBoolean(true);
  private volatile boolean queued;
  private volatile boolean visitorAssignedBeforeQueued;
  private volatile boolean settled;
  private volatile String visitorToldAgent;

  ChatRecord(
      String chatId,
      String siteId,
      String visitorId,
      boolean endedByVisitor,
      boolean measured,
      long requestedNanos) {
    this.chatId = chatId;
    this.siteId = siteId;
    this.visitorId = visitorId;
    this.endedByVisitor = endedByVisitor;
    this.measured = measured;
    this.requestedNanos = requestedNanos;
  }

  public String chatId() {
    return chatId;
  }

  public String siteId() {
    return siteId;
  }

  boolean endedByVisitor() {
    return endedByVisitor;
  }

  /** False for chats requested during the warm-up: they count for invariants, not latency. */
  public boolean measured() {
    return measured;
  }

  /** How a {@code chat.assigned} received by an agent relates to the earlier ones. */
  enum Receipt {
    FIRST_OF_CHAT,
    FIRST_FOR_AGENT,
    REPEAT
  }

  synchronized Receipt agentReceived(String agentId, long receivedNanos, long receivedMillis) {
    boolean firstOfChat = agentReceipts.isEmpty();
    if (agentReceipts.putIfAbsent(agentId, receivedNanos) != null) {
      return Receipt.REPEAT;
    }
    agentReceiptMillis.put(agentId, receivedMillis);
    return firstOfChat ? Receipt.FIRST_OF_CHAT : Receipt.FIRST_FOR_AGENT;
  }

  /**
   * When the agent first received {@code chat.assigned} for it, in epoch millis: after the grant,
   * since the router announces an assignment only once it is written.
   */
  public synchronized Optional<Long> agentReceivedMillis(String agentId) {
    return Optional.ofNullable(agentReceiptMillis.get(agentId));
  }

  /** Agents that received {@code chat.assigned} for this chat. */
  public synchronized Map<String, Long> agentReceipts() {
    return Map.copyOf(agentReceipts);
  }

  /** requestChat sent to the first {@code chat.assigned} received by an agent. */
  public synchronized OptionalLong assignNanos() {
    return firstAssignedNanos().map(first -> OptionalLong.of(first - requestedNanos)).orElse(OptionalLong.empty());
  }

  synchronized void offered(long receivedNanos) {
    if (firstOfferedNanos < 0 || receivedNanos < firstOfferedNanos) {
      firstOfferedNanos = receivedNanos;
    }
  }

  /** requestChat sent to the first {@code chat.offered} received by an agent (offers only). */
  public synchronized OptionalLong offerNanos() {
    return firstOfferedNanos < 0 ? OptionalLong.empty() : OptionalLong.of(firstOfferedNanos - requestedNanos);
  }

  /** When an agent first received {@code chat.assigned} for it, in {@link System#nanoTime()}. */
  public synchronized Optional<Long> firstAssignedNanos() {
    return agentReceipts.values().stream().min(Long::compare);
  }

  /** The agent the visitor's {@code chat.assigned} named, if it got one. */
  public Optional<String> visitorToldAgent() {
    return Optional.ofNullable(visitorToldAgent);
  }

  void visitorTold(String agentId) {
    if (visitorToldAgent == null && !queued) {
      visitorAssignedBeforeQueued = true;
    }
    visitorToldAgent = agentId;
  }

  /** True for the one caller that ends its wait for an agent: assigned, or given up. */
  boolean stopWaiting() {
    return waiting.compareAndSet(true, false);
  }

  /** The visitor was told the chat is queued: it waited for capacity. */
  public boolean queued() {
    return queued;
  }

  void markQueued() {
    queued = true;
  }

  /**
   * The visitor's first {@code chat.assigned} came before any {@code chat.queued}; with offers the
   * contract announces every chat queued first.
   */
  public boolean visitorAssignedBeforeQueued() {
    return visitorAssignedBeforeQueued;
  }

  /** Nothing more will happen to it in the simulation: ended, or a request of it failed. */
  public boolean settled() {
    return settled;
  }

  void markSettled() {
    settled = true;
  }

  public synchronized boolean assigned() {
    return !agentReceipts.isEmpty();
  }
}
