package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.routing.VisitorLimits.Listing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitorLimitsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
  private static final VisitorLimits LIMITS = new VisitorLimits(3);

  @Test
  void aChatListedButNotStoredYetKeepsItsPlaceWhileItsRequestMayStillBeRunning() {
    // Before listings had times, such a chat was given up at once: four racing tabs got 5 chats.
    List<Listing> listed = List.of(new Listing("a", NOW.minusSeconds(1)), new Listing("b", NOW.minusSeconds(29)));

    assertThat(LIMITS.released(listed, Map.of(), NOW)).isEmpty();
  }

  @Test
  void aChatNeverStoredWithinTheAdmissionLifetimeGivesUpItsPlace() {
    Listing crashed = new Listing("a", NOW.minus(VisitorLimits.ADMISSION_LIFETIME).minusMillis(1));

    assertThat(LIMITS.released(List.of(crashed), Map.of(), NOW)).containsExactly(crashed);
  }

  @Test
  void anEndedChatGivesUpItsPlaceAndAnOpenOneKeepsIt() {
    Listing ended = new Listing("a", NOW.minus(Duration.ofMinutes(5)));
    Listing open = new Listing("b", NOW.minus(Duration.ofMinutes(5)));

    assertThat(LIMITS.released(List.of(ended, open), Map.of("a", ChatState.ENDED, "b", ChatState.ASSIGNED), NOW))
        .containsExactly(ended);
  }

  @Test
  void aSecondListingOfOneChatGivesUpItsPlace() {
    Listing first = new Listing("a", NOW.minusSeconds(2));
    Listing repeat = new Listing("a", NOW.minusSeconds(1));

    assertThat(LIMITS.released(List.of(first, repeat), Map.of("a", ChatState.QUEUED), NOW)).containsExactly(repeat);
  }

  @Test
  void aListingReadsBackAsStoredAndAnOldPlainIdReadsAsListedLongAgo() {
    Listing listing = new Listing("chat-1:x@y.z", NOW);

    assertThat(Listing.parse(listing.stored())).isEqualTo(listing);
    assertThat(Listing.parse("chat-2")).isEqualTo(new Listing("chat-2", Instant.EPOCH));
  }
}
