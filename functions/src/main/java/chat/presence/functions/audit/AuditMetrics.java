package chat.presence.functions.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit's CloudWatch metrics: the total, which the stack alarms on, and one per kind (dimension
 * {@code Kind}). Zeros are published too, so that graphs and alarms always have data.
 */
public final class AuditMetrics {
  public static final String VIOLATIONS = "AuditViolations";
  public static final String KIND = "Kind";

  private AuditMetrics() {}

  /** One metric value with its dimensions (none for the total). */
  public record Datum(String name, long value, Map<String, String> dimensions) {}

  public static List<Datum> of(AuditReport report) {
    List<Datum> data = new ArrayList<>();
    data.add(new Datum(VIOLATIONS, report.findings().size(), Map.of()));
    report
        .countsByKind()
        .forEach(
            (kind, count) -> data.add(new Datum(VIOLATIONS, count, Map.of(KIND, kind.name()))));
    return data;
  }
}
