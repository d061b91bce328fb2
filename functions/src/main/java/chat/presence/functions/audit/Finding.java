package chat.presence.functions.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One breach of an invariant.
 *
 * @param ids what the breach is about (site, chat, agent, ...): they identify it from one audit to
 *     the next
 * @param details what was measured (counts, versions, times), which may differ between reads
 */
public record Finding(FindingKind kind, Map<String, String> ids, Map<String, String> details) {
  public Finding {
    Objects.requireNonNull(kind);
    ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static Builder of(FindingKind kind) {
    return new Builder(kind);
  }

  /** {@code KIND name=value ...}: the ids, then the details, in the order they were given. */
  public String line() {
    return Stream.concat(Stream.of(kind.name()), Stream.concat(pairs(ids), pairs(details)))
        .collect(Collectors.joining(" "));
  }

  /** The same breach seen in two audits has the same key. */
  public String key() {
    return Stream.concat(Stream.of(kind.name()), pairs(ids)).collect(Collectors.joining(" "));
  }

  private static Stream<String> pairs(Map<String, String> values) {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue());
  }

  /** Builds a finding with its ids and details in a fixed order. */
  public static final class Builder {
    private final FindingKind kind;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(FindingKind kind) {
      this.kind = kind;
    }

    public Builder id(String name, Object value) {
      ids.put(name, String.valueOf(value));
      return this;
    }

    public Builder detail(String name, Object value) {
      details.put(name, String.valueOf(value));
      return this;
    }

    public Finding build() {
      return new Finding(kind, ids, details);
    }
  }
}
