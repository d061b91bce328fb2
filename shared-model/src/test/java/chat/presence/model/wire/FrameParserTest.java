package chat.presence.model.wire;

import chat.presence.model.routing.ChatRouting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chat.presence.model.presence.ChosenStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameParserTest {
  private static final Optional<String> NO_ID = Optional.empty();
  private static final Optional<String> R1 = Optional.of("r-1");
  private static final int LIMIT = 32 * 1024;

  private static ProtocolException rejection(String frame) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> FrameParser.parse(frame));
    assertThat(e).as("frame should be refused: %s", abbreviated(frame)).isNotNull();
    return e;
  }

  private static void assertRejected(String frame, ErrorCode code, Optional<String> requestId) {
    ProtocolException e = rejection(frame);
    assertThat(e.code()).as("code for %s", abbreviated(frame)).isEqualTo(code);
    assertThat(e.requestId()).as("requestId for %s", abbreviated(frame)).isEqualTo(requestId);
    assertThat(e.getMessage()).isNotBlank();
  }

  private static String abbreviated(String frame) {
    return frame == null || frame.length() < 100 ? frame : frame.substring(0, 100) + "...";
  }

  /** A valid heartbeat frame of exactly {@code bytes} UTF-8 bytes, padded with {@code padChar}. */
  private static String heartbeatOfBytes(int bytes, String padChar) {
    String template = "{\"action\":\"heartbeat\",\"requestId\":\"r-1\",\"pad\":\"%s\"}";
    int room = bytes - String.format(template, "").length();
    int charBytes = padChar.getBytes(StandardCharsets.UTF_8).length;
    String pad = padChar.repeat(room / charBytes) + "x".repeat(room % charBytes);
    String frame = String.format(template, pad);
    assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return frame;
  }

  // --- valid frames -----------------------------------------------------------------------

  static Stream<Arguments> validFrames() {
    return Stream.of(
        Arguments.of("{\"action\":\"heartbeat\"}", new ClientRequest.Heartbeat(NO_ID)),
        Arguments.of(
            "{\"action\":\"heartbeat\",\"requestId\":\"r-1\"}", new ClientRequest.Heartbeat(R1)),
        Arguments.of("{\"action\":\"ping\"}", new ClientRequest.Ping(NO_ID)),
        Arguments.of("{\"action\":\"ping\",\"requestId\":\"r-1\"}", new ClientRequest.Ping(R1)),
        Arguments.of(
            "{\"action\":\"setStatus\",\"status\":\"available\",\"requestId\":\"r-1\"}",
            new ClientRequest.SetStatus(ChosenStatus.AVAILABLE, R1)),
        Arguments.of(
            "{\"action\":\"setStatus\",\"status\":\"away\"}",
            new ClientRequest.SetStatus(ChosenStatus.AWAY, NO_ID)),
        Arguments.of(
            "{\"action\":\"requestChat\",\"requestId\":\"r-1\"}",
            new ClientRequest.RequestChat(Optional.empty(), ChatRouting.ANYONE, R1)),
        Arguments.of(
            "{\"action\":\"requestChat\",\"chatId\":null}",
            new ClientRequest.RequestChat(Optional.empty(), ChatRouting.ANYONE, NO_ID)),
        Arguments.of(
            "{\"action\":\"requestChat\",\"chatId\":\"chat-1\",\"requestId\":\"r-1\"}",
            new ClientRequest.RequestChat(Optional.of("chat-1"), ChatRouting.ANYONE, R1)),
        Arguments.of(
            "{\"action\":\"requestChat\",\"group\":\"Billing EU\",\"priority\":9,\"preferredAgentId\":\"ann\"}",
            new ClientRequest.RequestChat(
                Optional.empty(), new ChatRouting(Optional.of("Billing EU"), 9, Optional.of("ann")), NO_ID)),
        Arguments.of(
            "{\"action\":\"requestChat\",\"group\":null,\"priority\":0,\"preferredAgentId\":null}",
            new ClientRequest.RequestChat(Optional.empty(), ChatRouting.ANYONE, NO_ID)),
        Arguments.of(
            "{\"action\":\"endChat\",\"chatId\":\"chat-1\",\"requestId\":\"r-1\"}",
            new ClientRequest.EndChat("chat-1", R1)),
        Arguments.of(
            "{\"action\":\"explain\",\"agentId\":\"ann\"}", new ClientRequest.Explain("ann", NO_ID)),
        Arguments.of(
            "{\"action\":\"explain\",\"chatId\":\"c1\",\"requestId\":\"r-1\"}",
            new ClientRequest.ExplainChat("c1", R1)),
        Arguments.of(
            "{\"action\":\"setAgentStatus\",\"agentId\":\"ann\",\"status\":\"away\",\"requestId\":\"r-1\"}",
            new ClientRequest.SetAgentStatus("ann", ChosenStatus.AWAY, R1)),
        Arguments.of(
            "{\"requestId\":\"r-1\",\"action\":\"getPresence\"}", new ClientRequest.GetPresence(R1)),
        Arguments.of(
            "{\"action\":\"transferChat\",\"chatId\":\"c1\",\"toAgentId\":\"bob\",\"requestId\":\"r-1\"}",
            new ClientRequest.TransferChat("c1", Optional.of("bob"), Optional.empty(), R1)),
        Arguments.of(
            "{\"action\":\"transferChat\",\"chatId\":\"c1\",\"toGroup\":\"billing\"}",
            new ClientRequest.TransferChat("c1", Optional.empty(), Optional.of("billing"), NO_ID)),
        Arguments.of(
            "{\"action\":\"getPresence\",\"requestId\":null}", new ClientRequest.GetPresence(NO_ID)),
        Arguments.of(
            "{\"action\":\"subscribePresence\",\"requestId\":\"r-1\"}",
            new ClientRequest.SubscribePresence(R1)),
        Arguments.of(
            "{\"action\":\"unsubscribePresence\"}", new ClientRequest.UnsubscribePresence(NO_ID)),
        Arguments.of(
            "{\"action\":\"getAvailability\",\"requestId\":\"r-1\"}",
            new ClientRequest.GetAvailability(Optional.empty(), R1)),
        Arguments.of(
            "{\"action\":\"getAvailability\",\"group\":\"billing\"}",
            new ClientRequest.GetAvailability(Optional.of("billing"), NO_ID)),
        Arguments.of(
            "{\"action\":\"heartbeat\",\"futureField\":{\"x\":[1,2]}}",
            new ClientRequest.Heartbeat(NO_ID)));
  }

  @ParameterizedTest
  @MethodSource("validFrames")
  void validFrameIsParsedWithItsFieldsAndRequestId(String frame, ClientRequest expected) {
    assertThat(FrameParser.parse(frame)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribePresence", "unsubscribePresence"})
  void agentsAndSupervisorsMaySubscribeToPresenceButVisitorsMayNot(String action) {
    assertThat(FrameParser.parse("{\"action\":\"" + action + "\"}").allowedRoles())
        .containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
  }

  @Test
  void chatIdAndRequestIdOfTheMaximumLengthAreAccepted() {
    String chatId = "A-z0.9_:@".repeat(14) + "ab"; // 128 characters of every allowed kind
    String requestId = "r".repeat(128);

    ClientRequest parsed =
        FrameParser.parse(
            "{\"action\":\"endChat\",\"chatId\":\"" + chatId + "\",\"requestId\":\"" + requestId + "\"}");

    assertThat(parsed).isEqualTo(new ClientRequest.EndChat(chatId, Optional.of(requestId)));
  }

  @Test
  void requestIdMayContainAnyCharacters() {
    assertThat(FrameParser.parse("{\"action\":\"heartbeat\",\"requestId\":\"a b/\\\"c\\\" é\"}").requestId())
        .contains("a b/\"c\" é");
  }

  // --- not an object ----------------------------------------------------------------------

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "hello", "{", "{\"action\":", "{action:'heartbeat'}"})
  void frameThatIsNotJsonIsABadRequest(String frame) {
    assertRejected(frame, ErrorCode.BAD_REQUEST, NO_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[{\"action\":\"heartbeat\",\"requestId\":\"r-1\"}]", "[]", "\"heartbeat\"", "42", "true", "null"})
  void jsonThatIsNotAnObjectIsABadRequest(String frame) {
    assertRejected(frame, ErrorCode.BAD_REQUEST, NO_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"heartbeat\"} garbage",
        "{\"action\":\"heartbeat\"}{\"action\":\"getPresence\"}"
      })
  void objectFollowedByTrailingContentIsABadRequest(String frame) {
    assertRejected(frame, ErrorCode.BAD_REQUEST, NO_ID);
  }

  // --- action -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"requestId\":\"r-1\"}",
        "{\"action\":null,\"requestId\":\"r-1\"}",
        "{\"action\":1,\"requestId\":\"r-1\"}",
        "{\"action\":true,\"requestId\":\"r-1\"}",
        "{\"action\":[\"heartbeat\"],\"requestId\":\"r-1\"}",
        "{\"action\":{\"name\":\"heartbeat\"},\"requestId\":\"r-1\"}"
      })
  void missingOrNonStringActionIsABadRequestKeepingTheRequestId(String frame) {
    assertRejected(frame, ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dance", "Heartbeat", "HEARTBEAT", "", "$default", "set_status"})
  void unknownActionIsReportedAsSuchKeepingTheRequestId(String action) {
    assertRejected(
        "{\"action\":\"" + action + "\",\"requestId\":\"r-1\"}", ErrorCode.UNKNOWN_ACTION, R1);
  }

  @Test
  void unknownActionWithoutRequestIdIsReportedWithoutOne() {
    assertRejected("{\"action\":\"dance\"}", ErrorCode.UNKNOWN_ACTION, NO_ID);
  }

  @Test
  void unknownActionMessageDoesNotEchoAHugeActionName() {
    ProtocolException e = rejection("{\"action\":\"" + "a".repeat(10_000) + "\"}");

    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
    assertThat(e.getMessage()).hasSizeLessThan(200);
  }

  // --- fields -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",\"status\":null",
        ",\"status\":1",
        ",\"status\":true",
        ",\"status\":\"busy\"",
        ",\"status\":\"offline\"",
        ",\"status\":\"AVAILABLE\"",
        ",\"status\":\" away\"",
        ",\"status\":\"\""
      })
  void setStatusWithoutAChoosableStatusIsABadRequest(String statusField) {
    assertRejected(
        "{\"action\":\"setStatus\",\"requestId\":\"r-1\"" + statusField + "}", ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ",\"priority\":10",
        ",\"priority\":-1",
        ",\"priority\":1.5",
        ",\"priority\":\"9\"",
        ",\"group\":\"\"",
        ",\"group\":7",
        ",\"group\":[\"sales\"]",
        ",\"group\":\"tab\\tname\"",
        ",\"preferredAgentId\":\"ann smith\"",
        ",\"preferredAgentId\":3"
      })
  void requestChatWithAnIllFormedRoutingFieldIsABadRequest(String field) {
    assertRejected(
        "{\"action\":\"requestChat\",\"requestId\":\"r-1\"" + field + "}", ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"agentId\":\"ann\",\"chatId\":\"c1\"", ",\"chatId\":\"a b\""})
  void explainWithNeitherOrBothOfAgentAndChatIsABadRequest(String fields) {
    assertRejected("{\"action\":\"explain\",\"requestId\":\"r-1\"" + fields + "}", ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ",\"toAgentId\":\"bob\"",
        ",\"chatId\":\"c1\"",
        ",\"chatId\":\"c1\",\"toAgentId\":\"bob\",\"toGroup\":\"sales\"",
        ",\"chatId\":\"c1\",\"toAgentId\":\"not an id\"",
        ",\"chatId\":\"c1\",\"toGroup\":7"
      })
  void transferChatWithoutAChatOrWithNeitherOrBothTargetsIsABadRequest(String fields) {
    assertRejected(
        "{\"action\":\"transferChat\",\"requestId\":\"r-1\"" + fields + "}", ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ",\"status\":\"away\"",
        ",\"agentId\":\"ann\"",
        ",\"agentId\":\"ann\",\"status\":\"offline\"",
        ",\"agentId\":\"not an id\",\"status\":\"away\""
      })
  void setAgentStatusWithoutAnAgentOrAChoosableStatusIsABadRequest(String fields) {
    assertRejected(
        "{\"action\":\"setAgentStatus\",\"requestId\":\"r-1\"" + fields + "}", ErrorCode.BAD_REQUEST, R1);
  }

  @Test
  void aGroupNameOfSixtyFourCharactersIsAcceptedAndOneMoreIsABadRequest() {
    String longest = "g".repeat(64);

    assertThat(FrameParser.parse("{\"action\":\"requestChat\",\"group\":\"" + longest + "\"}"))
        .isEqualTo(
            new ClientRequest.RequestChat(
                Optional.empty(), new ChatRouting(Optional.of(longest), 0, Optional.empty()), NO_ID));
    assertRejected(
        "{\"action\":\"requestChat\",\"group\":\"" + longest + "g\"}", ErrorCode.BAD_REQUEST, NO_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"chatId\":null"})
  void endChatWithoutChatIdIsABadRequest(String chatIdField) {
    assertRejected(
        "{\"action\":\"endChat\",\"requestId\":\"r-1\"" + chatIdField + "}", ErrorCode.BAD_REQUEST, R1);
  }

  static Stream<String> invalidChatIds() {
    return Stream.of(
        "\"\"",
        "\"has space\"",
        "\"a/b\"",
        "\"a#b\"",
        "\"caf\u00e9\"",
        "\"tab\\there\"",
        "\"" + "c".repeat(129) + "\"",
        "42",
        "true",
        "{\"id\":\"chat-1\"}",
        "[\"chat-1\"]");
  }

  @ParameterizedTest
  @MethodSource("invalidChatIds")
  void endChatWithAnInvalidChatIdIsABadRequest(String chatIdJson) {
    assertRejected(
        "{\"action\":\"endChat\",\"chatId\":" + chatIdJson + ",\"requestId\":\"r-1\"}",
        ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @MethodSource("invalidChatIds")
  void requestChatWithAnInvalidChatIdIsABadRequest(String chatIdJson) {
    assertRejected(
        "{\"action\":\"requestChat\",\"chatId\":" + chatIdJson + ",\"requestId\":\"r-1\"}",
        ErrorCode.BAD_REQUEST, R1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "42",
        "true",
        "{\"id\":\"r-1\"}",
        "[\"r-1\"]"
      })
  void requestIdThatIsNotAStringIsABadRequestWithoutRequestId(String requestIdJson) {
    assertRejected(
        "{\"action\":\"heartbeat\",\"requestId\":" + requestIdJson + "}", ErrorCode.BAD_REQUEST, NO_ID);
  }

  @Test
  void requestIdOver128CharactersIsABadRequestWithoutRequestId() {
    assertRejected(
        "{\"action\":\"heartbeat\",\"requestId\":\"" + "r".repeat(129) + "\"}",
        ErrorCode.BAD_REQUEST, NO_ID);
  }

  @Test
  void badRequestIdIsReportedEvenWhenTheActionIsUnknown() {
    assertRejected("{\"action\":\"dance\",\"requestId\":7}", ErrorCode.BAD_REQUEST, NO_ID);
  }

  // --- size -------------------------------------------------------------------------------

  @Test
  void frameOfExactly32KiBIsAccepted() {
    assertThat(FrameParser.parse(heartbeatOfBytes(LIMIT, "x")))
        .isEqualTo(new ClientRequest.Heartbeat(R1));
  }

  @Test
  void frameOneByteOver32KiBIsTooLargeAndKeepsItsRequestId() {
    assertRejected(heartbeatOfBytes(LIMIT + 1, "x"), ErrorCode.PAYLOAD_TOO_LARGE, R1);
  }

  @Test
  void frameSizeIsCountedInUtf8BytesNotCharacters() {
    String frame = heartbeatOfBytes(LIMIT + 2, "\u20ac"); // the euro sign takes 3 bytes

    assertThat(frame.length()).isLessThan(LIMIT);
    assertRejected(frame, ErrorCode.PAYLOAD_TOO_LARGE, R1);
  }

  @Test
  void multiByteFrameOfExactly32KiBIsAccepted() {
    assertThat(FrameParser.parse(heartbeatOfBytes(LIMIT, "\u20ac")))
        .isEqualTo(new ClientRequest.Heartbeat(R1));
  }

  @Test
  void oversizedFrameThatIsNotJsonIsTooLargeWithoutRequestId() {
    String frame = "{\"requestId\":\"r-1\",\"pad\":\"" + "x".repeat(LIMIT); // unterminated

    assertRejected(frame, ErrorCode.PAYLOAD_TOO_LARGE, NO_ID);
  }

  @Test
  void oversizedFrameIsTooLargeEvenWithAnUnknownActionOrMissingFields() {
    String unknown = heartbeatOfBytes(LIMIT + 100, "x").replace("heartbeat", "dance");
    String endChatWithoutChatId = heartbeatOfBytes(LIMIT + 100, "x").replace("heartbeat", "endChat");

    assertRejected(unknown, ErrorCode.PAYLOAD_TOO_LARGE, R1);
    assertRejected(endChatWithoutChatId, ErrorCode.PAYLOAD_TOO_LARGE, R1);
  }
}
