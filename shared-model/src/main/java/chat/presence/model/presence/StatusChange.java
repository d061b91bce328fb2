package chat.presence.model.presence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an agent's status timeline.
 *
 * @param version the agent's version when the change was made; a chosen status is in force from its
 *     version until the next chosen status
 * @param by who made a change for the agent: the supervisor of an {@link TransitionReason#ADMIN}
 *     change
 */
public record StatusChange(
    EffectiveStatus status, TransitionReason reason, Instant at, long version, Optional<String> by) {
  /** How many entries an agent keeps; older ones are dropped. */
  public static final int HISTORY_LIMIT = 10;

  public StatusChange {
    Objects.requireNonNull(status);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(at);
    Objects.requireNonNull(by);
  }

  /** A change nobody made for the agent: its own, or the system's. */
  public StatusChange(EffectiveStatus status, TransitionReason reason, Instant at, long version) {
    this(status, reason, at, version, Optional.empty());
  }

  /**
   * The status the agent had chosen at {@code version}, if the timeline reaches back that far.
   * Offline entries are skipped: being offline never changes the chosen status.
   */
  public static Optional<EffectiveStatus> chosenAt(List<StatusChange> history, long version) {
    EffectiveStatus chosen = null;
    for (StatusChange change : history) {
      if (change.version() <= version && change.status() != EffectiveStatus.OFFLINE) {
        chosen = change.status();
      }
    }
    return Optional.ofNullable(chosen);
  }

  /** The latest entries, oldest first, at most {@link #HISTORY_LIMIT}. */
  public static List<StatusChange> bounded(List<StatusChange> history) {
    return history.size() <= HISTORY_LIMIT
        ? List.copyOf(history)
        : List.copyOf(history.subList(history.size() - HISTORY_LIMIT, history.size()));
  }
}
