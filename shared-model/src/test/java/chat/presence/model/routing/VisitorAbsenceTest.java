package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitorAbsenceTest {
  private static final Instant LEFT = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(15);

  @Test
  void aVisitorIsAwayFromLeavingUntilSeenLiveAfterwards() {
    assertThat(VisitorAbsence.NONE.mayBeAway()).isFalse();
    assertThat(new VisitorAbsence(Optional.of(LEFT), Optional.empty(), Optional.empty()).mayBeAway()).isTrue();
    assertThat(new VisitorAbsence(Optional.of(LEFT), Optional.of(LEFT), Optional.empty()).mayBeAway()).isTrue();
    assertThat(new VisitorAbsence(Optional.of(LEFT), Optional.of(LEFT.plusMillis(1)), Optional.empty()).mayBeAway())
        .isFalse();
  }

  @Test
  void anAssignedChatEndsAfterTheReturnWindowButNeverBeforeTheGrace() {
    VisitorAbsence away = new VisitorAbsence(Optional.of(LEFT), Optional.empty(), Optional.empty());

    assertThat(away.goneFrom(GRACE)).contains(LEFT.plusSeconds(15));
    assertThat(away.endsAt(GRACE, Duration.ofSeconds(120))).contains(LEFT.plusSeconds(120));
    assertThat(away.endsAt(GRACE, Duration.ofSeconds(5))).contains(LEFT.plusSeconds(15));
  }

  @Test
  void onlyANoticeGivenAfterThisDepartureCounts() {
    assertThat(new VisitorAbsence(Optional.of(LEFT), Optional.empty(), Optional.of(LEFT.plusSeconds(15))).noticed())
        .isTrue();
    assertThat(new VisitorAbsence(Optional.of(LEFT), Optional.empty(), Optional.of(LEFT.minusSeconds(1))).noticed())
        .isFalse();
  }

  /**
   * Found by the explorer (seed 70): a notice recorded in the same instant as a later departure was
   * taken for a notice of it, so no timer was ever set to end the chat.
   */
  @Test
  void aNoticeInTheSameInstantAsADepartureIsOfAnEarlierOne() {
    VisitorAbsence leftAgain = new VisitorAbsence(Optional.of(LEFT), Optional.empty(), Optional.of(LEFT));

    assertThat(leftAgain.noticed()).isFalse();
    assertThat(leftAgain.noticeTime(LEFT)).isEqualTo(LEFT.plusMillis(1));
    assertThat(leftAgain.noticeTime(LEFT.plusSeconds(15))).isEqualTo(LEFT.plusSeconds(15));
  }
}
