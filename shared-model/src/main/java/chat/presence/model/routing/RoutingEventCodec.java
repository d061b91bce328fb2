package chat.presence.model.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON body of routing queue messages. */
public final class RoutingEventCodec {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private RoutingEventCodec() {}

  public static String encode(RoutingEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("routing events are plain records", e);
    }
  }

  /** Decodes a message body, or throws {@link IllegalArgumentException} for a poison message. */
  public static RoutingEvent decode(String body) {
    RoutingEvent event;
    try {
      event = MAPPER.readValue(body, RoutingEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a routing event: " + e.getOriginalMessage(), e);
    }
    if (event == null) {
      throw new IllegalArgumentException("not a routing event: null");
    }
    return event;
  }
}
