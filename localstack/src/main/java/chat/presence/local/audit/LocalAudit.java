package chat.presence.local.audit;

import chat.presence.functions.audit.Audit;
import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.AuditSettings;
import chat.presence.functions.audit.DeadLetterQueue;
import chat.presence.local.LocalRuntime;

/** The audit of a local runtime: its tables, its gateway emulator and its routing DLQ. */
public final class LocalAudit {
  private LocalAudit() {}

  /**
   * Thresholds from the same variables as deployed, except the reaper interval, which is the local
   * runtime's own.
   */
  public static Audit of(LocalRuntime runtime) {
    AuditSettings settings =
        AuditSettings.fromEnvironment(System.getenv())
            .withReaperInterval(runtime.settings().reaperInterval());
    return of(runtime, settings);
  }

  public static Audit of(LocalRuntime runtime, AuditSettings settings) {
    DeadLetterQueue deadLetters =
        new DeadLetterQueue(runtime.sqs().client(), runtime.queues().deadLetterUrl());
    return runtime.services().audit(deadLetters, settings);
  }

  public static AuditReport run(LocalRuntime runtime) {
    return of(runtime).run();
  }
}
