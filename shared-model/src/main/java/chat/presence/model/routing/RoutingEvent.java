package chat.presence.model.routing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A reason for the router to look at a site again. Events are hints: the router re-reads the
 * stored state, so a duplicated, late or reordered event changes nothing that the state does not
 * call for.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RoutingEvent.ChatRequested.class, name = "chatRequested"),
  @JsonSubTypes.Type(value = RoutingEvent.AgentEligible.class, name = "agentEligible"),
  @JsonSubTypes.Type(value = RoutingEvent.ChatEnded.class, name = "chatEnded"),
  @JsonSubTypes.Type(value = RoutingEvent.AgentOffline.class, name = "agentOffline"),
  @JsonSubTypes.Type(value = RoutingEvent.QueueCheck.class, name = "queueCheck"),
  @JsonSubTypes.Type(value = RoutingEvent.ChatReturned.class, name = "chatReturned"),
  @JsonSubTypes.Type(value = RoutingEvent.OfferExpiry.class, name = "offerExpiry"),
  @JsonSubTypes.Type(value = RoutingEvent.ChatDue.class, name = "chatDue"),
  @JsonSubTypes.Type(value = RoutingEvent.PassContinues.class, name = "passContinues")
})
public sealed interface RoutingEvent {
  String siteId();

  /** The natural identity of the event; the queue's deduplication id is derived from it. */
  String occurrence();

  /** SQS FIFO deduplication ids are at most 128 characters, so the occurrence is hashed. */
  default String deduplicationId() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((siteId() + "\n" + occurrence()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A visitor asked for a chat. */
  record ChatRequested(String siteId, String chatId) implements RoutingEvent {
    public String occurrence() {
      return "requested/" + chatId;
    }
  }

  /**
   * An agent may have become eligible (connected, set available). {@code version} tells one such
   * change from the next, so that two within the deduplication window are both delivered.
   */
  record AgentEligible(String siteId, String agentId, String version) implements RoutingEvent {
    public String occurrence() {
      return "eligible/" + agentId + "/" + version;
    }
  }

  /** A chat ended: its agent's capacity is freed. */
  record ChatEnded(String siteId, String chatId) implements RoutingEvent {
    public String occurrence() {
      return "ended/" + chatId;
    }
  }

  /**
   * An agent has had no connection for longer than the grace period since {@code
   * lastDisconnectAtMillis} and still holds chats.
   */
  record AgentOffline(String siteId, String agentId, long lastDisconnectAtMillis)
      implements RoutingEvent {
    public String occurrence() {
      return "offline/" + agentId + "/" + lastDisconnectAtMillis;
    }
  }

  /**
   * The chat went back to the queue from an agent (an offer declined, a transfer to a group): it
   * waits, in a new generation, for another agent.
   */
  record ChatReturned(String siteId, String chatId, long generation) implements RoutingEvent {
    public String occurrence() {
      return "returned/" + chatId + "/" + generation;
    }
  }

  /**
   * The offer of the chat in this generation is due to expire: sent with a delay when the offer is
   * made, so that its withdrawal never waits for a reaper pass or the agent's client.
   */
  record OfferExpiry(String siteId, String chatId, long generation) implements RoutingEvent {
    public String occurrence() {
      return "expiry/" + chatId + "/" + generation;
    }
  }

  /**
   * Something about the chat falls due at {@code dueAtMillis}: its visitor's grace period or return
   * window runs out, or its longest queue wait. Sent with a delay, like an offer's expiry.
   */
  record ChatDue(String siteId, String chatId, long dueAtMillis) implements RoutingEvent {
    public String occurrence() {
      return "due/" + chatId + "/" + dueAtMillis;
    }
  }

  /** A periodic nudge for a site whose queue has waited: a safety net for a lost hint. */
  record QueueCheck(String siteId, long periodStartMillis) implements RoutingEvent {
    public String occurrence() {
      return "check/" + periodStartMillis;
    }
  }

  /**
   * A pass stopped at its bound ({@link PassBudget}) with work left: the next one takes the chats
   * queued after {@code afterKey}, the last pending key the stopped pass worked on. Sent by the
   * router to itself; {@code passAtMillis} tells one stopped pass from the next.
   */
  record PassContinues(String siteId, String afterKey, long passAtMillis) implements RoutingEvent {
    public String occurrence() {
      return "continues/" + passAtMillis + "/" + afterKey;
    }
  }
}
