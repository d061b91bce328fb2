package chat.presence.bench.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frames all simulated clients sent (by action) and received (by type, acks by action): what
 * API Gateway would bill as messages.
 */
public final class ClientTraffic {
  private final ConcurrentMap<String, LongAdder> sent = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> received = new ConcurrentHashMap<>();

  void sent(String action) {
    sent.computeIfAbsent(action, a -> new LongAdder()).increment();
  }

  void received(Frame frame) {
    String kind = frame.isAck() ? "ack:" + frame.json().path("action").asText() : frame.type();
    received.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  public Map<String, Long> sentByAction() {
    return counts(sent);
  }

  public Map<String, Long> receivedByType() {
    return counts(received);
  }

  private static Map<String, Long> counts(ConcurrentMap<String, LongAdder> adders) {
    Map<String, Long> counts = new TreeMap<>();
    adders.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }
}
