package chat.presence.functions.audit;

import chat.presence.model.presence.EffectiveStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an agent's status history: the effective status it changed to, why, when, and the
 * agent's version after the change.
 */
public record StatusChange(EffectiveStatus status, String reason, Instant at, long version) {
  public StatusChange {
    Objects.requireNonNull(status);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(at);
  }

  /**
   * The change that set the chosen status in force at {@code version}: the latest available or away
   * entry at or before it. Empty when the history holds none (never recorded, or already trimmed
   * from the bounded history), which means unknown.
   */
  public static Optional<StatusChange> chosenInForceAt(List<StatusChange> history, long version) {
    return history.stream()
        .filter(change -> change.status() != EffectiveStatus.OFFLINE && change.version() <= version)
        .max(Comparator.comparingLong(StatusChange::version));
  }
}
