package chat.presence.model.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredTimelineTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00.123Z");

  @Test
  void everyStatusAndReasonComesBackAsStored() {
    for (EffectiveStatus status : EffectiveStatus.values()) {
      for (TransitionReason reason : TransitionReason.values()) {
        StatusChange change = new StatusChange(status, reason, AT, 42);
        assertThat(StoredTimeline.decode(StoredTimeline.encode(change))).isEqualTo(change);
      }
    }
  }

  @Test
  void anEntryIsAFewCharactersBesidesItsTimeAndVersion() {
    assertThat(StoredTimeline.encode(new StatusChange(EffectiveStatus.AWAY, TransitionReason.USER, AT, 12)))
        .isEqualTo("W u 1796115600123 12");
  }

  @Test
  void whoMadeAnAdminChangeIsKeptEvenWithSpaces() {
    StatusChange forced =
        new StatusChange(EffectiveStatus.AWAY, TransitionReason.ADMIN, AT, 7, Optional.of("Dana from support"));

    assertThat(StoredTimeline.decode(StoredTimeline.encode(forced))).isEqualTo(forced);
  }

  @Test
  void aTimelineKeepsItsOrder() {
    List<StatusChange> history =
        Arrays.asList(
            new StatusChange(EffectiveStatus.AVAILABLE, TransitionReason.CONNECT, AT, 1),
            new StatusChange(EffectiveStatus.OFFLINE, TransitionReason.HEARTBEAT_TIMEOUT, AT.plusSeconds(90), 1),
            new StatusChange(EffectiveStatus.AWAY, TransitionReason.OFFER_TIMEOUT, AT.plusSeconds(95), 2));

    assertThat(StoredTimeline.decode(StoredTimeline.encode(history))).isEqualTo(history);
  }

  @Test
  void aGarbledEntryIsRefusedNotMisread() {
    assertThatThrownBy(() -> StoredTimeline.decode("W u 1764579600123")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredTimeline.decode("X u 1764579600123 3")).isInstanceOf(IllegalArgumentException.class);
  }
}
