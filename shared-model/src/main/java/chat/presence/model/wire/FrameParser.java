package chat.presence.model.wire;

import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.ChatRouting;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Turns a client frame into a {@link ClientRequest}, or a {@link ProtocolException} that says why not. */
public final class FrameParser {
  public static final int MAX_FRAME_BYTES = 32 * 1024;
  public static final int MAX_REQUEST_ID_LENGTH = 128;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private FrameParser() {}

  public static ClientRequest parse(String body) {
    JsonNode root = readObject(body);
    Optional<String> requestId = requestId(root);
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
      throw new ProtocolException(
          ErrorCode.PAYLOAD_TOO_LARGE, "frames are limited to " + MAX_FRAME_BYTES + " bytes", requestId);
    }
    JsonNode action = root.get("action");
    if (action == null || !action.isTextual()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "'action' must be a string", requestId);
    }
    return switch (action.asText()) {
      case Actions.HEARTBEAT -> new ClientRequest.Heartbeat(requestId);
      case Actions.PING -> new ClientRequest.Ping(requestId);
      case Actions.SET_STATUS -> new ClientRequest.SetStatus(status(root, requestId), requestId);
      case Actions.REQUEST_CHAT ->
          new ClientRequest.RequestChat(
              optionalId(root, "chatId", requestId), routing(root, requestId), requestId);
      case Actions.END_CHAT ->
          new ClientRequest.EndChat(
              optionalId(root, "chatId", requestId)
                  .orElseThrow(() -> missing("chatId", requestId)),
              requestId);
      case Actions.GET_PRESENCE -> new ClientRequest.GetPresence(requestId);
      case Actions.SUBSCRIBE_PRESENCE -> new ClientRequest.SubscribePresence(requestId);
      case Actions.UNSUBSCRIBE_PRESENCE -> new ClientRequest.UnsubscribePresence(requestId);
      case Actions.SET_AGENT_STATUS ->
          new ClientRequest.SetAgentStatus(
              requiredId(root, "agentId", requestId), status(root, requestId), requestId);
      case Actions.GET_CHATS -> new ClientRequest.GetChats(requestId);
      case Actions.GET_AVAILABILITY ->
          new ClientRequest.GetAvailability(group(root, requestId), requestId);
      case Actions.ACCEPT_CHAT -> new ClientRequest.AcceptChat(requiredId(root, "chatId", requestId), requestId);
      case Actions.DECLINE_CHAT -> new ClientRequest.DeclineChat(requiredId(root, "chatId", requestId), requestId);
      case Actions.EXPLAIN -> explain(root, requestId);
      case Actions.TRANSFER_CHAT -> transfer(root, requestId);
      default ->
          throw new ProtocolException(
              ErrorCode.UNKNOWN_ACTION, "unknown action '" + abbreviate(action.asText()) + "'", requestId);
    };
  }

  private static JsonNode readObject(String body) {
    if (body == null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "empty frame", Optional.empty());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
        throw new ProtocolException(
            ErrorCode.PAYLOAD_TOO_LARGE, "frames are limited to " + MAX_FRAME_BYTES + " bytes", Optional.empty());
      }
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not JSON", Optional.empty());
    }
    if (root == null || !root.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame must be a JSON object", Optional.empty());
    }
    return root;
  }

  private static Optional<String> requestId(JsonNode root) {
    JsonNode id = root.get("requestId");
    if (id == null || id.isNull()) {
      return Optional.empty();
    }
    if (!id.isTextual() || id.asText().length() > MAX_REQUEST_ID_LENGTH) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST,
          "'requestId' must be a string of at most " + MAX_REQUEST_ID_LENGTH + " characters",
          Optional.empty());
    }
    return Optional.of(id.asText());
  }

  private static ChosenStatus status(JsonNode root, Optional<String> requestId) {
    JsonNode status = root.get("status");
    if (status == null || !status.isTextual()) {
      throw missing("status", requestId);
    }
    return ChosenStatus.fromWire(status.asText())
        .orElseThrow(
            () ->
                new ProtocolException(
                    ErrorCode.BAD_REQUEST, "'status' must be 'available' or 'away'", requestId));
  }

  /** An agent's timeline ({@code agentId}), or why a chat went to its agent ({@code chatId}). */
  private static ClientRequest explain(JsonNode root, Optional<String> requestId) {
    Optional<String> agentId = optionalId(root, "agentId", requestId);
    Optional<String> chatId = optionalId(root, "chatId", requestId);
    if (agentId.isPresent() == chatId.isPresent()) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, "'explain' takes either 'agentId' or 'chatId'", requestId);
    }
    return agentId.<ClientRequest>map(id -> new ClientRequest.Explain(id, requestId))
        .orElseGet(() -> new ClientRequest.ExplainChat(chatId.get(), requestId));
  }

  private static ClientRequest transfer(JsonNode root, Optional<String> requestId) {
    String chatId = requiredId(root, "chatId", requestId);
    Optional<String> toAgentId = optionalId(root, "toAgentId", requestId);
    Optional<String> toGroup = optionalGroup(root, "toGroup", requestId);
    if (toAgentId.isPresent() == toGroup.isPresent()) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, "'transferChat' takes either 'toAgentId' or 'toGroup'", requestId);
    }
    return new ClientRequest.TransferChat(chatId, toAgentId, toGroup, requestId);
  }

  private static ChatRouting routing(JsonNode root, Optional<String> requestId) {
    JsonNode priority = root.get("priority");
    int level = 0;
    if (priority != null && !priority.isNull()) {
      if (!priority.isIntegralNumber()
          || priority.asLong() < 0
          || priority.asLong() > ChatRouting.MAX_PRIORITY) {
        throw new ProtocolException(
            ErrorCode.BAD_REQUEST,
            "'priority' must be a whole number from 0 to " + ChatRouting.MAX_PRIORITY,
            requestId);
      }
      level = priority.asInt();
    }
    return new ChatRouting(group(root, requestId), level, optionalId(root, "preferredAgentId", requestId));
  }

  private static Optional<String> group(JsonNode root, Optional<String> requestId) {
    return optionalGroup(root, "group", requestId);
  }

  private static Optional<String> optionalGroup(JsonNode root, String field, Optional<String> requestId) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || !ChatRouting.isValidGroup(value.asText())) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, "'" + field + "' must be " + ChatRouting.describeGroupRule(), requestId);
    }
    return Optional.of(value.asText());
  }

  private static Optional<String> optionalId(JsonNode root, String field, Optional<String> requestId) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || !Ids.isValid(value.asText())) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, "'" + field + "' must be " + Ids.describeRule(), requestId);
    }
    return Optional.of(value.asText());
  }

  private static String requiredId(JsonNode root, String field, Optional<String> requestId) {
    return optionalId(root, field, requestId).orElseThrow(() -> missing(field, requestId));
  }

  private static ProtocolException missing(String field, Optional<String> requestId) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, "'" + field + "' is required", requestId);
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
