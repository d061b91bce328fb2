package chat.presence.functions.explorer;

/** An invariant broken in a simulated run. {@code kind} tells one invariant from another. */
final class Violation extends RuntimeException {
  private final String kind;

  Violation(String kind, String detail) {
    super(kind + ": " + detail, null, false, false);
    this.kind = kind;
  }

  String kind() {
    return kind;
  }
}
