package chat.presence.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame a simulated client received, with the {@link System#nanoTime()} of its arrival for
 * latencies, and its wall-clock time (epoch millis, the clock the runtime in the same JVM stores
 * times by) for placing it among stored times.
 */
record Frame(JsonNode json, long receivedNanos, long receivedMillis) {
  String type() {
    return json.path("type").asText();
  }

  String chatId() {
    return json.path("chatId").asText();
  }

  boolean isAck() {
    return "ack".equals(type());
  }
}
