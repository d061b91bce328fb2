package chat.presence.model.wire;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.routing.AssignmentDecision;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The frames the server sends, exactly as the contract writes them. */
public final class ServerMessages {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServerMessages() {}

  public static String ack(ClientRequest request) {
    ObjectNode node = typed(MessageType.ACK).put("action", request.action());
    if (request instanceof ClientRequest.SetStatus s) {
      node.put("status", s.status().wireName());
    } else if (request instanceof ClientRequest.EndChat e) {
      node.put("chatId", e.chatId());
    } else if (request instanceof ClientRequest.AcceptChat a) {
      node.put("chatId", a.chatId());
    } else if (request instanceof ClientRequest.DeclineChat d) {
      node.put("chatId", d.chatId());
    } else if (request instanceof ClientRequest.TransferChat t) {
      node.put("chatId", t.chatId());
    } else if (request instanceof ClientRequest.RequestChat r) {
      r.chatId().ifPresent(id -> node.put("chatId", id));
    }
    return withRequestId(node, request.requestId());
  }

  /** A supervisor's {@code setAgentStatus} is durable, at the agent's {@code version}. */
  public static String setAgentStatusAck(ClientRequest.SetAgentStatus request, long version) {
    ObjectNode node =
        typed(MessageType.ACK)
            .put("action", request.action())
            .put("agentId", request.agentId())
            .put("status", request.status().wireName())
            .put("version", version);
    return withRequestId(node, request.requestId());
  }

  /** To the agent's connections: a supervisor chose its status. */
  public static String statusChanged(ChosenStatus status, String by) {
    return write(typed(MessageType.STATUS_CHANGED).put("status", status.wireName()).put("by", by));
  }

  /**
   * The ack of a status change, with the agent's version after it: a field added to the contract
   * so that a client (or an audit) can place its status changes among its assignments.
   */
  public static String setStatusAck(ClientRequest.SetStatus request, long version) {
    ObjectNode node =
        typed(MessageType.ACK)
            .put("action", request.action())
            .put("status", request.status().wireName())
            .put("version", version);
    return withRequestId(node, request.requestId());
  }

  public static String requestChatAck(String chatId, Optional<String> requestId) {
    return withRequestId(
        typed(MessageType.ACK).put("action", Actions.REQUEST_CHAT).put("chatId", chatId), requestId);
  }

  public static String error(ErrorCode code, String message, Optional<String> requestId) {
    return withRequestId(typed(MessageType.ERROR).put("code", code.name()).put("message", message), requestId);
  }

  public static String presence(List<AgentPresence> agents, Optional<String> requestId) {
    ObjectNode node = typed(MessageType.PRESENCE);
    requestId.ifPresent(id -> node.put("requestId", id));
    ArrayNode list = node.putArray("agents");
    for (AgentPresence agent : agents) {
      withView(list.addObject(), agent);
    }
    return write(node);
  }

  /**
   * To a connection that subscribed to its site's presence: an agent's view changed. Deliveries of
   * two changes may arrive in either order; a client keeps the view of the highest {@code version}.
   */
  public static String presenceChanged(AgentPresence agent) {
    return write(withView(typed(MessageType.PRESENCE_CHANGED), agent));
  }

  private static ObjectNode withView(ObjectNode node, AgentPresence agent) {
    return node.put("agentId", agent.agentId())
        .put("status", agent.status())
        .put("activeChats", agent.activeChats())
        .put("maxChats", agent.maxChats())
        .put("unresponsive", agent.unresponsive())
        .put("version", agent.version());
  }

  public static String chatAssigned(String chatId, String siteId, String agentId, String visitorId) {
    return write(
        typed(MessageType.CHAT_ASSIGNED)
            .put("chatId", chatId)
            .put("siteId", siteId)
            .put("agentId", agentId)
            .put("visitorId", visitorId));
  }

  /** An offer to the agent, which it may accept until {@code expiresAt}. */
  public static String chatOffered(String chatId, String siteId, String visitorId, Instant expiresAt) {
    return write(
        typed(MessageType.CHAT_OFFERED)
            .put("chatId", chatId)
            .put("siteId", siteId)
            .put("visitorId", visitorId)
            .put("expiresAt", expiresAt.toString()));
  }

  public static String chatOfferWithdrawn(String chatId) {
    return write(typed(MessageType.CHAT_OFFER_WITHDRAWN).put("chatId", chatId));
  }

  /** The chat waits for an agent; {@code position} 1 is the next to be served. */
  public static String chatQueued(String chatId, String siteId, int position) {
    return write(
        typed(MessageType.CHAT_QUEUED).put("chatId", chatId).put("siteId", siteId).put("position", position));
  }

  /** To the agent: the chat's visitor has been gone for longer than the grace period. */
  public static String chatVisitorLeft(String chatId) {
    return write(typed(MessageType.CHAT_VISITOR_LEFT).put("chatId", chatId));
  }

  /**
   * To the agent, after a {@code chat.visitorLeft}: the visitor is back in time and the chat goes
   * on (an event added to the contract).
   */
  public static String chatVisitorReturned(String chatId) {
    return write(typed(MessageType.CHAT_VISITOR_RETURNED).put("chatId", chatId));
  }

  /**
   * The answer to {@code getAvailability}.
   *
   * @param estimatedWaitSeconds empty when there is no basis for an estimate
   */
  public static String availability(
      int agentsAvailable, int queued, Optional<Long> estimatedWaitSeconds, Optional<String> requestId) {
    ObjectNode node = typed(MessageType.AVAILABILITY);
    requestId.ifPresent(id -> node.put("requestId", id));
    node.put("agentsAvailable", agentsAvailable).put("queued", queued);
    estimatedWaitSeconds.ifPresentOrElse(
        s -> node.put("estimatedWaitSeconds", s), () -> node.putNull("estimatedWaitSeconds"));
    return write(node);
  }

  /**
   * To both agents and the visitor: the chat moved from {@code fromAgentId} to {@code toAgentId}, or
   * back to the queue for {@code toGroup} (then without {@code toAgentId}).
   */
  public static String chatTransferred(
      String chatId, String fromAgentId, Optional<String> toAgentId, Optional<String> toGroup) {
    ObjectNode node = typed(MessageType.CHAT_TRANSFERRED).put("chatId", chatId).put("fromAgentId", fromAgentId);
    toAgentId.ifPresent(id -> node.put("toAgentId", id));
    toGroup.ifPresent(group -> node.put("toGroup", group));
    return write(node);
  }

  public static String chatEnded(String chatId, String by) {
    return write(typed(MessageType.CHAT_ENDED).put("chatId", chatId).put("by", by));
  }

  /**
   * Why a chat went to its agent: the decision recorded with its latest assignment or offer, or
   * null while it has none (never assigned, or back in the queue).
   */
  public static String chatExplanation(
      Chat chat, Optional<AssignmentDecision> decision, Optional<String> requestId) {
    ObjectNode node =
        typed(MessageType.EXPLAIN)
            .put("chatId", chat.chatId())
            .put("state", chat.state().storedName())
            .put("agentId", chat.agentId().orElse(null));
    if (decision.isEmpty()) {
      node.putNull("decision");
      return withRequestId(node, requestId);
    }
    AssignmentDecision why = decision.get();
    ObjectNode decided =
        node.putObject("decision")
            .put("agentId", why.agentId())
            .put("rule", why.rule().wireName())
            .put("group", why.group().orElse(null))
            .put("overflowed", why.overflowed());
    chat.assignedAt().ifPresent(at -> decided.put("at", at.toString()));
    ArrayNode candidates = decided.putArray("candidates");
    for (AssignmentDecision.Candidate candidate : why.candidates()) {
      ObjectNode entry =
          candidates.addObject().put("agentId", candidate.agentId()).put("activeChats", candidate.activeChats());
      if (candidate.lastAssignedAt().equals(Instant.EPOCH)) {
        entry.putNull("lastAssignedAt");
      } else {
        entry.put("lastAssignedAt", candidate.lastAssignedAt().toString());
      }
    }
    return withRequestId(node, requestId);
  }

  /** An agent's effective status now and its recent timeline, oldest first. */
  public static String explanation(
      String agentId, String status, List<StatusChange> timeline, Optional<String> requestId) {
    ObjectNode node = typed(MessageType.EXPLAIN).put("agentId", agentId).put("status", status);
    ArrayNode entries = node.putArray("timeline");
    for (StatusChange change : timeline) {
      ObjectNode entry =
          entries
              .addObject()
              .put("at", change.at().toString())
              .put("status", change.status().wireName())
              .put("reason", change.reason().wireName());
      change.by().ifPresent(by -> entry.put("by", by));
    }
    return withRequestId(node, requestId);
  }

  /**
   * The answer to {@code getChats}: the caller's chats that have not ended. {@code agentId} is null
   * while no agent holds the chat; {@code position} is given for queued chats only; {@code
   * visitorLeftAt} for an assigned chat whose agent was told {@code chat.visitorLeft}, until the
   * visitor is back, so that a reloaded agent page still shows it. {@code group} (only when the
   * visitor asked for one), {@code priority} and {@code waitingSince} let a supervisor lay out the
   * queue as the router serves it, and show how long each chat has waited.
   */
  public static String chats(List<ChatSummary> chats, Optional<String> requestId) {
    ObjectNode node = typed(MessageType.CHATS);
    requestId.ifPresent(id -> node.put("requestId", id));
    ArrayNode list = node.putArray("chats");
    for (ChatSummary chat : chats) {
      ObjectNode entry =
          list.addObject()
              .put("chatId", chat.chatId())
              .put("siteId", chat.siteId())
              .put("visitorId", chat.visitorId());
      chat.agentId().ifPresentOrElse(a -> entry.put("agentId", a), () -> entry.putNull("agentId"));
      entry.put("state", chat.state());
      chat.position().ifPresent(p -> entry.put("position", p));
      chat.visitorLeftAt().ifPresent(at -> entry.put("visitorLeftAt", at.toString()));
      chat.group().ifPresent(g -> entry.put("group", g));
      entry.put("priority", chat.priority());
      entry.put("waitingSince", chat.waitingSince().toString());
    }
    return write(node);
  }

  /**
   * One chat in a {@code chats} answer; {@code state} is {@code queued}, {@code offered} or {@code
   * assigned}.
   *
   * @param waitingSince when the chat last started waiting for an agent (its request, or its return
   *     to the queue)
   */
  public record ChatSummary(
      String chatId,
      String siteId,
      String visitorId,
      Optional<String> agentId,
      String state,
      Optional<Integer> position,
      Optional<Instant> visitorLeftAt,
      Optional<String> group,
      int priority,
      Instant waitingSince) {

    /**
     * The summary of a stored chat that has not ended, with its place in the queue when it has one.
     * A queued chat's leftover holder is nobody's: its {@code agentId} is not shown. The visitor's
     * departure shows only once the agent has been told of it.
     */
    public static ChatSummary of(Chat chat, Optional<Integer> position) {
      boolean queued = chat.state() == ChatState.QUEUED;
      boolean assigned = chat.state() == ChatState.ASSIGNED;
      return new ChatSummary(
          chat.chatId(),
          chat.siteId(),
          chat.visitorId(),
          queued ? Optional.empty() : chat.agentId(),
          chat.state().storedName(),
          queued ? position : Optional.empty(),
          assigned && chat.visitor().noticed() ? chat.visitor().leftAt() : Optional.empty(),
          chat.routing().group(),
          chat.routing().priority(),
          chat.waitingSince());
    }
  }

  /**
   * One agent in a {@code presence} answer.
   *
   * @param unresponsive an offer to it expired unanswered and it has not set a status since
   * @param version grows with each change of the agent's presence
   */
  public record AgentPresence(
      String agentId, String status, int activeChats, int maxChats, boolean unresponsive, long version) {

    /** The view of a stored agent whose effective status is {@code status}. */
    public static AgentPresence of(AgentState agent, EffectiveStatus status) {
      return new AgentPresence(
          agent.agentId(),
          status.wireName(),
          agent.activeCount(),
          agent.maxChats(),
          agent.isUnresponsive(),
          agent.presenceVersion());
    }
  }

  private static ObjectNode typed(MessageType type) {
    return MAPPER.createObjectNode().put("type", type.wireName());
  }

  private static String withRequestId(ObjectNode node, Optional<String> requestId) {
    requestId.ifPresent(id -> node.put("requestId", id));
    return write(node);
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
