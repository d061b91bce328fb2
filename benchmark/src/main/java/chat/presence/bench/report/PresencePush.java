package chat.presence.bench.report;

/**
 * The check of the cost model's presence push against the run: one subscribed console per main
 * site counted the {@code presence.changed} frames it received during the load and its drain, and
 * the run counted the writes that change a presence view meanwhile (status changes, grants,
 * releases).
 */
public record PresencePush(long pushesSeen, long statusChanges, long grants, long releases) {
  public long viewChanges() {
    return statusChanges + grants + releases;
  }

  /** Pushes per view change seen: 1 when every change reached the subscriber once. */
  public double pushesPerChange() {
    return viewChanges() == 0 ? 0 : Math.round(pushesSeen * 100.0 / viewChanges()) / 100.0;
  }
}
