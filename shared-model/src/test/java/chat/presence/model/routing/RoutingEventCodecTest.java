package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingEventCodecTest {
  private static final String LONGEST_ID = "x".repeat(128);

  static Stream<Arguments> everyEventType() {
    return Stream.of(
        Arguments.of(new RoutingEvent.ChatRequested("site-1", "chat-1"), "chatRequested"),
        Arguments.of(new RoutingEvent.AgentEligible("site-1", "agent-1", "v-17"), "agentEligible"),
        Arguments.of(new RoutingEvent.ChatEnded("site-1", "chat-1"), "chatEnded"),
        Arguments.of(
            new RoutingEvent.AgentOffline("site-1", "agent-1", 1_740_830_400_123L), "agentOffline"),
        Arguments.of(new RoutingEvent.QueueCheck("site-1", 1_740_830_400_000L), "queueCheck"),
        Arguments.of(new RoutingEvent.ChatReturned("site-1", "chat-1", 2), "chatReturned"),
        Arguments.of(new RoutingEvent.OfferExpiry("site-1", "chat-1", 2), "offerExpiry"),
        Arguments.of(new RoutingEvent.ChatDue("site-1", "chat-1", 1_740_830_415_000L), "chatDue"),
        Arguments.of(
            new RoutingEvent.PassContinues("site-1", "1#9#1#001740830400000#chat-1", 1_740_830_400_500L),
            "passContinues"));
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void everyEventTypeSurvivesAnEncodeDecodeRoundTrip(RoutingEvent event, String typeName) {
    assertThat(RoutingEventCodec.decode(RoutingEventCodec.encode(event))).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void encodedEventNamesItsTypeSoMessagesInFlightStayReadable(RoutingEvent event, String typeName)
      throws Exception {
    var tree = new ObjectMapper().readTree(RoutingEventCodec.encode(event));

    assertThat(tree.path("type").asText()).isEqualTo(typeName);
    assertThat(tree.path("siteId").asText()).isEqualTo("site-1");
  }

  @Test
  void eventWithLongestIdsAndLargestNumbersSurvivesARoundTrip() {
    List<RoutingEvent> events =
        List.of(
            new RoutingEvent.AgentEligible(LONGEST_ID, LONGEST_ID, LONGEST_ID),
            new RoutingEvent.AgentOffline(LONGEST_ID, LONGEST_ID, Long.MAX_VALUE),
            new RoutingEvent.QueueCheck(LONGEST_ID, Long.MIN_VALUE));

    for (RoutingEvent event : events) {
      assertThat(RoutingEventCodec.decode(RoutingEventCodec.encode(event))).isEqualTo(event);
    }
  }

  // --- deduplication ids ------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("everyEventType")
  void deduplicationIdFitsSqsLimitsEvenForTheLongestIds(RoutingEvent ignored, String typeName) {
    RoutingEvent longest =
        switch (typeName) {
          case "chatRequested" -> new RoutingEvent.ChatRequested(LONGEST_ID, LONGEST_ID);
          case "agentEligible" -> new RoutingEvent.AgentEligible(LONGEST_ID, LONGEST_ID, LONGEST_ID);
          case "chatEnded" -> new RoutingEvent.ChatEnded(LONGEST_ID, LONGEST_ID);
          case "agentOffline" -> new RoutingEvent.AgentOffline(LONGEST_ID, LONGEST_ID, Long.MIN_VALUE);
          case "chatReturned" -> new RoutingEvent.ChatReturned(LONGEST_ID, LONGEST_ID, Long.MIN_VALUE);
          case "offerExpiry" -> new RoutingEvent.OfferExpiry(LONGEST_ID, LONGEST_ID, Long.MIN_VALUE);
          case "chatDue" -> new RoutingEvent.ChatDue(LONGEST_ID, LONGEST_ID, Long.MIN_VALUE);
          case "passContinues" ->
              new RoutingEvent.PassContinues(LONGEST_ID, "1#9#1#001740830400000#" + LONGEST_ID, Long.MIN_VALUE);
          default -> new RoutingEvent.QueueCheck(LONGEST_ID, Long.MIN_VALUE);
        };

    // SQS: at most 128 characters, alphanumeric and punctuation only
    assertThat(longest.deduplicationId()).hasSizeLessThanOrEqualTo(128).matches("\\p{Graph}+");
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void sameEventAlwaysGetsTheSameDeduplicationId(RoutingEvent event, String typeName) {
    RoutingEvent copy = RoutingEventCodec.decode(RoutingEventCodec.encode(event));

    assertThat(copy.deduplicationId()).isEqualTo(event.deduplicationId());
  }

  static Stream<Arguments> eventsThatMustNotBeDeduplicatedTogether() {
    return Stream.of(
        Arguments.of(
            new RoutingEvent.ChatRequested("site-1", "chat-1"),
            new RoutingEvent.ChatRequested("site-2", "chat-1")),
        Arguments.of(
            new RoutingEvent.AgentEligible("site-1", "agent-1", "v1"),
            new RoutingEvent.AgentEligible("site-2", "agent-1", "v1")),
        Arguments.of(
            new RoutingEvent.AgentEligible("site-1", "agent-1", "v1"),
            new RoutingEvent.AgentEligible("site-1", "agent-2", "v1")),
        Arguments.of(
            new RoutingEvent.AgentEligible("site-1", "agent-1", "v1"),
            new RoutingEvent.AgentEligible("site-1", "agent-1", "v2")),
        Arguments.of(
            new RoutingEvent.AgentOffline("site-1", "agent-1", 1000L),
            new RoutingEvent.AgentOffline("site-1", "agent-2", 1000L)),
        Arguments.of(
            new RoutingEvent.AgentOffline("site-1", "agent-1", 1000L),
            new RoutingEvent.AgentOffline("site-1", "agent-1", 2000L)),
        Arguments.of(
            new RoutingEvent.ChatRequested("site-1", "chat-1"),
            new RoutingEvent.ChatEnded("site-1", "chat-1")),
        Arguments.of(
            new RoutingEvent.ChatEnded("site-1", "chat-1"),
            new RoutingEvent.ChatEnded("site-1", "chat-2")),
        Arguments.of(
            new RoutingEvent.QueueCheck("site-1", 60_000L),
            new RoutingEvent.QueueCheck("site-1", 120_000L)),
        Arguments.of(
            new RoutingEvent.QueueCheck("site-1", 60_000L),
            new RoutingEvent.QueueCheck("site-2", 60_000L)));
  }

  @ParameterizedTest
  @MethodSource("eventsThatMustNotBeDeduplicatedTogether")
  void differentOccurrencesGetDifferentDeduplicationIds(RoutingEvent one, RoutingEvent other) {
    assertThat(one.deduplicationId()).isNotEqualTo(other.deduplicationId());
  }

  // --- poison messages --------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{",
        "[]",
        "42",
        "\"chatRequested\"",
        "{}",
        "{\"siteId\":\"site-1\",\"chatId\":\"chat-1\"}",
        "{\"type\":\"chatTeleported\",\"siteId\":\"site-1\"}",
        "{\"type\":42,\"siteId\":\"site-1\"}",
        "{\"type\":\"agentOffline\",\"siteId\":\"s\",\"agentId\":\"a\",\"lastDisconnectAtMillis\":\"soon\"}"
      })
  void garbageIsRejectedAsAPoisonMessage(String body) {
    assertThatThrownBy(() -> RoutingEventCodec.decode(body))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "{\"type\":\"chatRequested\"}",
        "{\"type\":\"chatEnded\",\"siteId\":\"site-1\"}",
        "{\"type\":\"agentOffline\",\"siteId\":\"site-1\"}"
      })
  void nullOrIncompleteEventIsRejectedAsAPoisonMessage(String body) {
    assertThatThrownBy(() -> RoutingEventCodec.decode(body))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
