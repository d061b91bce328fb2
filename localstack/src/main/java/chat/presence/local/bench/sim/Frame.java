package chat.presence.local.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** A frame a simulated client received, with the {@link System#nanoTime()} of its arrival. */
record Frame(JsonNode json, long receivedNanos) {
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
