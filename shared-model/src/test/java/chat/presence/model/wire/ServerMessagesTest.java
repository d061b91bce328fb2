package chat.presence.model.wire;

import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.ChatTransfer;
import chat.presence.model.routing.VisitorAbsence;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.EffectiveStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected frames are written with the contract's field names (agent-protocol.md). */
class ServerMessagesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Optional<String> R1 = Optional.of("r-1");

  private static void assertJson(String actual, String expected) {
    try {
      JsonNode actualTree = MAPPER.readTree(actual);
      assertThat(actualTree).as(actual).isEqualTo(MAPPER.readTree(expected));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + actual, e);
    }
  }

  // --- acks -------------------------------------------------------------------------------

  static Stream<Arguments> acks() {
    return Stream.of(
        Arguments.of(
            new ClientRequest.Heartbeat(R1),
            "{\"type\":\"ack\",\"action\":\"heartbeat\",\"requestId\":\"r-1\"}"),
        Arguments.of(
            new ClientRequest.Heartbeat(Optional.empty()),
            "{\"type\":\"ack\",\"action\":\"heartbeat\"}"),
        Arguments.of(
            new ClientRequest.SetStatus(ChosenStatus.AVAILABLE, R1),
            "{\"type\":\"ack\",\"action\":\"setStatus\",\"status\":\"available\",\"requestId\":\"r-1\"}"),
        Arguments.of(
            new ClientRequest.SetStatus(ChosenStatus.AWAY, Optional.empty()),
            "{\"type\":\"ack\",\"action\":\"setStatus\",\"status\":\"away\"}"),
        Arguments.of(
            new ClientRequest.EndChat("chat-1", R1),
            "{\"type\":\"ack\",\"action\":\"endChat\",\"chatId\":\"chat-1\",\"requestId\":\"r-1\"}"),
        Arguments.of(
            new ClientRequest.EndChat("chat-1", Optional.empty()),
            "{\"type\":\"ack\",\"action\":\"endChat\",\"chatId\":\"chat-1\"}"));
  }

  @ParameterizedTest
  @MethodSource("acks")
  void ackRepeatsTheActionItsFieldsAndTheRequestIdOnlyWhenGiven(ClientRequest request, String expected) {
    assertJson(ServerMessages.ack(request), expected);
  }

  @Test
  void setStatusAckCarriesTheStatusAndTheAgentsVersion() {
    assertJson(
        ServerMessages.setStatusAck(new ClientRequest.SetStatus(ChosenStatus.AWAY, R1), 7),
        "{\"type\":\"ack\",\"action\":\"setStatus\",\"status\":\"away\",\"version\":7,\"requestId\":\"r-1\"}");
  }

  @Test
  void requestChatAckCarriesTheChatIdAndRequestId() {
    assertJson(
        ServerMessages.requestChatAck("chat-9", R1),
        "{\"type\":\"ack\",\"action\":\"requestChat\",\"chatId\":\"chat-9\",\"requestId\":\"r-1\"}");
    assertJson(
        ServerMessages.requestChatAck("chat-9", Optional.empty()),
        "{\"type\":\"ack\",\"action\":\"requestChat\",\"chatId\":\"chat-9\"}");
  }

  @Test
  void genericAckOfRequestChatCarriesTheChatId() {
    assertJson(
        ServerMessages.ack(new ClientRequest.RequestChat(Optional.of("chat-9"), ChatRouting.ANYONE, R1)),
        "{\"type\":\"ack\",\"action\":\"requestChat\",\"chatId\":\"chat-9\",\"requestId\":\"r-1\"}");
  }

  // --- errors -----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void errorCarriesCodeMessageAndRequestId(ErrorCode code) {
    assertJson(
        ServerMessages.error(code, "went wrong", R1),
        "{\"type\":\"error\",\"code\":\"" + code.name() + "\",\"message\":\"went wrong\",\"requestId\":\"r-1\"}");
  }

  @Test
  void errorWithoutRequestIdHasNoRequestIdField() {
    assertJson(
        ServerMessages.error(ErrorCode.BAD_REQUEST, "frame is not JSON", Optional.empty()),
        "{\"type\":\"error\",\"code\":\"BAD_REQUEST\",\"message\":\"frame is not JSON\"}");
  }

  @Test
  void errorCodesAreExactlyTheContractsCodes() {
    assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name))
        .containsExactlyInAnyOrder(
            "BAD_REQUEST",
            "UNKNOWN_ACTION",
            "FORBIDDEN",
            "NOT_FOUND",
            "PAYLOAD_TOO_LARGE",
            "CONFLICT",
            "RATE_LIMITED",
            "INTERNAL");
  }

  @Test
  void textWithQuotesAndControlCharactersIsEscapedIntoValidJson() {
    String message = "bad \"value\"\n\\ </script> \u0001";
    String requestId = "id \"with\" quotes";

    JsonNode tree;
    try {
      tree = MAPPER.readTree(ServerMessages.error(ErrorCode.BAD_REQUEST, message, Optional.of(requestId)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(tree.get("message").asText()).isEqualTo(message);
    assertThat(tree.get("requestId").asText()).isEqualTo(requestId);
  }

  // --- presence and events ----------------------------------------------------------------

  @Test
  void presenceListsEveryAgentWithNumericCounts() {
    String json =
        ServerMessages.presence(
            List.of(
                new ServerMessages.AgentPresence("agent-1", "available", 1, 3, false, 4),
                new ServerMessages.AgentPresence("agent-2", "offline", 0, 5, true, 9)),
            R1);

    assertJson(
        json,
        """
        {"type":"presence","requestId":"r-1","agents":[
          {"agentId":"agent-1","status":"available","activeChats":1,"maxChats":3,"unresponsive":false,"version":4},
          {"agentId":"agent-2","status":"offline","activeChats":0,"maxChats":5,"unresponsive":true,"version":9}]}
        """);
  }

  @Test
  void presenceOfASiteWithoutAgentsHasAnEmptyListAndNoRequestIdWhenNoneWasGiven() {
    assertJson(
        ServerMessages.presence(List.of(), Optional.empty()), "{\"type\":\"presence\",\"agents\":[]}");
  }

  @Test
  void presenceChangedCarriesTheAgentsWholeViewWithItsVersion() {
    assertJson(
        ServerMessages.presenceChanged(new ServerMessages.AgentPresence("ann", "away", 2, 3, true, 17)),
        """
        {"type":"presence.changed","agentId":"ann","status":"away","activeChats":2,"maxChats":3,
         "unresponsive":true,"version":17}
        """);
  }

  @Test
  void anAgentsViewTakesItsPresenceVersionNotItsRoutingVersion() {
    AgentState agent =
        new AgentState(
            "site-1", "ann", ChosenStatus.AVAILABLE, 4, Set.of("c1"), Map.of("chat-1", 2L),
            Optional.empty(), Instant.EPOCH, 5, Optional.empty(), List.of(),
            Optional.of(Instant.EPOCH), Set.of(), 11);

    assertThat(ServerMessages.AgentPresence.of(agent, EffectiveStatus.AVAILABLE))
        .isEqualTo(new ServerMessages.AgentPresence("ann", "available", 1, 4, true, 11));
  }

  @Test
  void subscriptionsAreAcknowledgedByAction() {
    assertJson(
        ServerMessages.ack(new ClientRequest.SubscribePresence(R1)),
        "{\"type\":\"ack\",\"action\":\"subscribePresence\",\"requestId\":\"r-1\"}");
    assertJson(
        ServerMessages.ack(new ClientRequest.UnsubscribePresence(Optional.empty())),
        "{\"type\":\"ack\",\"action\":\"unsubscribePresence\"}");
  }

  @Test
  void chatAssignedNamesChatSiteAgentAndVisitor() {
    assertJson(
        ServerMessages.chatAssigned("chat-1", "site-1", "agent-1", "visitor-1"),
        """
        {"type":"chat.assigned","chatId":"chat-1","siteId":"site-1",
         "agentId":"agent-1","visitorId":"visitor-1"}
        """);
  }

  @Test
  void chatQueuedNamesChatSiteAndPlace() {
    assertJson(
        ServerMessages.chatQueued("chat-1", "site-1", 3),
        "{\"type\":\"chat.queued\",\"chatId\":\"chat-1\",\"siteId\":\"site-1\",\"position\":3}");
  }

  @Test
  void visitorLeftAndReturnedNameTheChat() {
    assertJson(
        ServerMessages.chatVisitorLeft("chat-1"), "{\"type\":\"chat.visitorLeft\",\"chatId\":\"chat-1\"}");
    assertJson(
        ServerMessages.chatVisitorReturned("chat-1"),
        "{\"type\":\"chat.visitorReturned\",\"chatId\":\"chat-1\"}");
  }

  @Test
  void availabilityGivesNullWhenThereIsNoEstimate() {
    assertJson(
        ServerMessages.availability(2, 5, Optional.of(40L), Optional.of("r1")),
        """
        {"type":"availability","requestId":"r1","agentsAvailable":2,"queued":5,
         "estimatedWaitSeconds":40}
        """);
    assertJson(
        ServerMessages.availability(0, 0, Optional.empty(), Optional.empty()),
        "{\"type\":\"availability\",\"agentsAvailable\":0,\"queued\":0,\"estimatedWaitSeconds\":null}");
  }

  @Test
  void chatEndedNamesChatAndWhoEndedIt() {
    assertJson(
        ServerMessages.chatEnded("chat-1", "agent-1"),
        "{\"type\":\"chat.ended\",\"chatId\":\"chat-1\",\"by\":\"agent-1\"}");
    assertJson(
        ServerMessages.chatEnded("chat-1", "system"),
        "{\"type\":\"chat.ended\",\"chatId\":\"chat-1\",\"by\":\"system\"}");
  }

  @Test
  void chatTransferredNamesBothAgentsOrTheGroup() {
    assertJson(
        ServerMessages.chatTransferred("chat-1", "ann", Optional.of("bob"), Optional.empty()),
        "{\"type\":\"chat.transferred\",\"chatId\":\"chat-1\",\"fromAgentId\":\"ann\",\"toAgentId\":\"bob\"}");
    assertJson(
        ServerMessages.chatTransferred("chat-1", "ann", Optional.empty(), Optional.of("billing")),
        "{\"type\":\"chat.transferred\",\"chatId\":\"chat-1\",\"fromAgentId\":\"ann\",\"toGroup\":\"billing\"}");
  }

  // --- getChats ---------------------------------------------------------------------------

  private static final Instant REQUESTED = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant BACK_IN_QUEUE = Instant.parse("2026-03-01T12:01:30Z");

  private static Chat stored(ChatState state, Optional<String> agent, VisitorAbsence visitor, ChatRouting routing) {
    return new Chat(
        "s", "c1", "vic", state, agent, 2, REQUESTED, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), BACK_IN_QUEUE,
        Optional.empty(), visitor, routing, ChatTransfer.NONE);
  }

  @Test
  void chatsCarryEachChatsGroupPriorityAndWaitingSinceBesidesItsStateAndPlace() {
    ChatRouting billingUrgent = new ChatRouting(Optional.of("billing"), 9, Optional.empty());
    // A queued chat may still name the agent that last held it: that agent is not its holder.
    Chat queued = stored(ChatState.QUEUED, Optional.of("ann"), VisitorAbsence.NONE, billingUrgent);
    String json =
        ServerMessages.chats(List.of(ServerMessages.ChatSummary.of(queued, Optional.of(2))), R1);

    assertJson(
        json,
        """
        {"type":"chats","requestId":"r-1","chats":[
          {"chatId":"c1","siteId":"s","visitorId":"vic","agentId":null,"state":"queued","position":2,
           "group":"billing","priority":9,"waitingSince":"2026-03-01T12:01:30Z"}]}
        """);
  }

  @Test
  void aChatForAnyoneHasNoGroupFieldAndAnAssignedOneShowsTheVisitorGoneOnlyOnceItsAgentWasTold() {
    Instant left = Instant.parse("2026-03-01T12:05:00Z");
    VisitorAbsence told = new VisitorAbsence(Optional.of(left), Optional.empty(), Optional.of(left.plusSeconds(15)));
    VisitorAbsence notYetTold = new VisitorAbsence(Optional.of(left), Optional.empty(), Optional.empty());

    var summaries =
        List.of(
            ServerMessages.ChatSummary.of(
                stored(ChatState.ASSIGNED, Optional.of("ann"), told, ChatRouting.ANYONE), Optional.of(1)),
            ServerMessages.ChatSummary.of(
                stored(ChatState.ASSIGNED, Optional.of("bob"), notYetTold, ChatRouting.ANYONE), Optional.empty()));

    assertJson(
        ServerMessages.chats(summaries, Optional.empty()),
        """
        {"type":"chats","chats":[
          {"chatId":"c1","siteId":"s","visitorId":"vic","agentId":"ann","state":"assigned",
           "visitorLeftAt":"2026-03-01T12:05:00Z","priority":0,"waitingSince":"2026-03-01T12:01:30Z"},
          {"chatId":"c1","siteId":"s","visitorId":"vic","agentId":"bob","state":"assigned",
           "priority":0,"waitingSince":"2026-03-01T12:01:30Z"}]}
        """);
  }
}
