package chat.presence.functions.audit;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one audit found, and how much it looked at.
 *
 * @param agents how many agents were checked
 * @param chats how many chats were checked
 * @param notices lines on-call should read that are not breaches (breaker holds, missed
 *     disconnects), each with the agent's timeline
 */
public record AuditReport(List<Finding> findings, int agents, int chats, List<String> notices) {
  public AuditReport {
    findings =
        findings.stream()
            .sorted(Comparator.comparing(Finding::kind).thenComparing(Finding::line))
            .toList();
    notices = List.copyOf(notices);
  }

  public AuditReport(List<Finding> findings, int agents, int chats) {
    this(findings, agents, chats, List.of());
  }

  public boolean clean() {
    return findings.isEmpty();
  }

  /** How many findings of each kind, every kind included. */
  public Map<FindingKind, Long> countsByKind() {
    Map<FindingKind, Long> counts = new EnumMap<>(FindingKind.class);
    for (FindingKind kind : FindingKind.values()) {
      counts.put(kind, findings.stream().filter(f -> f.kind() == kind).count());
    }
    return counts;
  }

  /**
   * One line for the whole audit, e.g. {@code audit: 2 findings (OVER_CAPACITY=2); 5 agents, 9
   * chats}.
   */
  public String summary() {
    String scope = "; " + agents + " agents, " + chats + " chats";
    if (clean()) {
      return "audit: no findings" + scope;
    }
    String byKind =
        countsByKind().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    String count = findings.size() == 1 ? "1 finding" : findings.size() + " findings";
    return "audit: " + count + " (" + byKind + ")" + scope;
  }

  /**
   * The findings of a later audit that this one found too. The stored state cannot be read in one
   * atomic step, so a single read may catch a handler between two of its writes; a breach is
   * reported only when a second read still shows it.
   */
  public AuditReport confirmedBy(AuditReport later) {
    Set<String> seen = findings.stream().map(Finding::key).collect(Collectors.toSet());
    return new AuditReport(
        later.findings.stream().filter(f -> seen.contains(f.key())).toList(),
        later.agents,
        later.chats,
        later.notices);
  }
}
