package chat.presence.model.presence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's timeline as its item stores it: one short string per entry ({@code "W u 1796115600000
 * 12"}: status, reason, time in epoch milliseconds, version, and who made an admin change), since
 * DynamoDB bills every write of the agent's item by its size in 1 KB units and the timeline is most
 * of it.
 */
public final class StoredTimeline {
  private static final Map<EffectiveStatus, String> STATUS_CODES =
      Map.of(EffectiveStatus.AVAILABLE, "A", EffectiveStatus.AWAY, "W", EffectiveStatus.OFFLINE, "O");
  private static final Map<TransitionReason, String> REASON_CODES =
      Map.of(
          TransitionReason.USER, "u",
          TransitionReason.CONNECT, "c",
          TransitionReason.DISCONNECT, "d",
          TransitionReason.VERIFIED_GONE, "g",
          TransitionReason.HEARTBEAT_TIMEOUT, "h",
          TransitionReason.BREAKER, "b",
          TransitionReason.ADMIN, "a",
          TransitionReason.OFFER_TIMEOUT, "o");

  private StoredTimeline() {}

  public static List<String> encode(List<StatusChange> history) {
    return history.stream().map(StoredTimeline::encode).toList();
  }

  public static String encode(StatusChange change) {
    String entry =
        STATUS_CODES.get(change.status())
            + " "
            + REASON_CODES.get(change.reason())
            + " "
            + change.at().toEpochMilli()
            + " "
            + change.version();
    return change.by().map(by -> entry + " " + by).orElse(entry);
  }

  public static List<StatusChange> decode(List<String> entries) {
    return entries.stream().map(StoredTimeline::decode).toList();
  }

  /** The entry stored as {@code entry}; the last field, who made the change, may hold spaces. */
  public static StatusChange decode(String entry) {
    String[] fields = entry.split(" ", 5);
    if (fields.length < 4) {
      throw new IllegalArgumentException("not a timeline entry: " + entry);
    }
    return new StatusChange(
        codeOf(STATUS_CODES, fields[0]),
        codeOf(REASON_CODES, fields[1]),
        Instant.ofEpochMilli(Long.parseLong(fields[2])),
        Long.parseLong(fields[3]),
        fields.length == 5 ? Optional.of(fields[4]) : Optional.empty());
  }

  private static <T> T codeOf(Map<T, String> codes, String code) {
    return codes.entrySet().stream()
        .filter(entry -> entry.getValue().equals(code))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown timeline code " + code));
  }
}
