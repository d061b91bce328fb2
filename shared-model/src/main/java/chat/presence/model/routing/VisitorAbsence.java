package chat.presence.model.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a chat knows of its visitor's comings and goings, for abandonment. Each time only moves
 * forward: {@code leftAt} is when a connection of the visitor last closed, {@code backAt} when a
 * connection of the visitor was last seen live after that. Whether the visitor is really gone is
 * still asked of the gateway before anything is ended.
 *
 * @param noticedAt when the agent was told that the visitor left ({@code chat.visitorLeft})
 */
public record VisitorAbsence(Optional<Instant> leftAt, Optional<Instant> backAt, Optional<Instant> noticedAt) {
  public static final VisitorAbsence NONE =
      new VisitorAbsence(Optional.empty(), Optional.empty(), Optional.empty());

  public VisitorAbsence {
    Objects.requireNonNull(leftAt);
    Objects.requireNonNull(backAt);
    Objects.requireNonNull(noticedAt);
  }

  /** A connection closed and none has been seen live since. */
  public boolean mayBeAway() {
    return leftAt.isPresent() && backAt.map(back -> !back.isAfter(leftAt.get())).orElse(true);
  }

  /** When an absence that began at {@code leftAt} outlasts the grace period. */
  public Optional<Instant> goneFrom(Duration grace) {
    return leftAt.filter(left -> mayBeAway()).map(left -> left.plus(grace));
  }

  /**
   * When an assigned chat ends if the visitor is still away: the return window from the moment
   * it left, and never before the grace period is over.
   */
  public Optional<Instant> endsAt(Duration grace, Duration returnWindow) {
    Duration longer = grace.compareTo(returnWindow) > 0 ? grace : returnWindow;
    return leftAt.filter(left -> mayBeAway()).map(left -> left.plus(longer));
  }

  /**
   * Whether the agent has been told of this absence, not of an earlier one: a notice is recorded
   * strictly after the departure it is about ({@link #noticeTime}).
   */
  public boolean noticed() {
    return mayBeAway() && noticedAt.filter(at -> at.isAfter(leftAt.get())).isPresent();
  }

  /** The time to record a notice given {@code now}: after the departure, even with no grace. */
  public Instant noticeTime(Instant now) {
    Instant afterLeaving = leftAt.orElseThrow().plusMillis(1);
    return afterLeaving.isAfter(now) ? afterLeaving : now;
  }
}
