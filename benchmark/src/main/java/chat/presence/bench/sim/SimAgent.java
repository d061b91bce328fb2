package chat.presence.bench.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated agent: one to three connections (the first chose {@code available} on connect, the
 * others keep the status), and a record of every status the server acknowledged, by the version its
 * ack carried. With offers, it may be one that never answers them; the entries of its timeline read
 * after its offers were withdrawn or it accepted one are kept by version too.
 */
public final class SimAgent {
  private final String siteId;
  private final String agentId;
  private final int maxChats;
  private final boolean neverAccepts;
  private final List<BenchSocket> sockets = new CopyOnWriteArrayList<>();
  private final TreeMap<Long, String> ackedStatusByVersion = new TreeMap<>();
  private final AtomicBoolean statusChangeInFlight = new AtomicBoolean();
  private final AtomicInteger connectionsLost = new AtomicInteger();
  private final TreeMap<Long, String> timelineReasonsByVersion = new TreeMap<>();
  private final AtomicBoolean hadWithdrawal = new AtomicBoolean();

  SimAgent(String siteId, String agentId, int maxChats, boolean neverAccepts) {
    this.siteId = siteId;
    this.agentId = agentId;
    this.maxChats = maxChats;
    this.neverAccepts = neverAccepts;
  }

  public String siteId() {
    return siteId;
  }

  public String agentId() {
    return agentId;
  }

  public int maxChats() {
    return maxChats;
  }

  /** Never answers an offer: each one it gets is withdrawn when it expires. */
  public boolean neverAccepts() {
    return neverAccepts;
  }

  void add(BenchSocket socket) {
    sockets.add(socket);
  }

  List<BenchSocket> sockets() {
    return sockets;
  }

  public int connections() {
    return sockets.size();
  }

  /** endChat goes through the first connection, which stays open for the whole phase. */
  BenchSocket primary() {
    return sockets.get(0);
  }

  /** Starts a status change, unless the previous one is still waiting for its ack. */
  Optional<CompletableFuture<Frame>> changeStatus(String status) {
    if (!statusChangeInFlight.compareAndSet(false, true)) {
      return Optional.empty();
    }
    return Optional.of(primary()
        .request("setStatus", Map.of("status", status))
        .whenComplete(
            (ack, error) -> {
              statusChangeInFlight.set(false);
              if (ack != null && ack.isAck()) {
                recordAck(ack.json().path("version").asLong(), status);
              }
            }));
  }

  private synchronized void recordAck(long version, String status) {
    ackedStatusByVersion.put(version, status);
  }

  /** Every acknowledged status change, by the agent version its ack carried. */
  public synchronized Map<Long, String> ackedStatusByVersion() {
    return new TreeMap<>(ackedStatusByVersion);
  }

  void sawWithdrawal() {
    hadWithdrawal.set(true);
  }

  boolean hadWithdrawal() {
    return hadWithdrawal.get();
  }

  synchronized void timelineRead(Map<Long, String> reasonsByVersion) {
    timelineReasonsByVersion.putAll(reasonsByVersion);
  }

  /**
   * The reason of every timeline entry read, by the agent version it was made at: {@code
   * offer_timeout} made the agent unresponsive, {@code user} (a status choice, or an accept by an
   * unresponsive agent) made it responsive.
   */
  public synchronized Map<Long, String> timelineReasonsByVersion() {
    return new TreeMap<>(timelineReasonsByVersion);
  }

  void connectionLost() {
    connectionsLost.incrementAndGet();
  }

  /** Connections the server closed during the phase (reaper, gateway); zero in a healthy run. */
  public int connectionsLost() {
    return connectionsLost.get();
  }
}
