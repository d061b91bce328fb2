package chat.presence.functions.audit;

import chat.presence.functions.Services;

/** One audit of the deployed (or local) state: read it, check it, confirm what was found. */
public final class Audit {
  private final StoredStateReader reader;
  private final Auditor auditor;

  public Audit(Services services, DeadLetterQueue deadLetterQueue, AuditSettings settings) {
    this.reader = new StoredStateReader(services, deadLetterQueue);
    this.auditor = new Auditor(services.rules(), settings);
  }

  public static AuditReport run(
      Services services, DeadLetterQueue deadLetterQueue, AuditSettings settings) {
    return new Audit(services, deadLetterQueue, settings).run();
  }

  /**
   * Findings are confirmed by a second read ({@link AuditReport#confirmedBy}); a clean first read
   * needs none.
   */
  public AuditReport run() {
    AuditReport first = auditor.audit(reader.read());
    return first.clean() ? first : first.confirmedBy(auditor.audit(reader.read()));
  }
}
