package chat.presence.local.audit;

import chat.presence.functions.audit.Audit;
import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.AuditSettings;
import chat.presence.functions.audit.DeadLetterQueue;
import chat.presence.functions.handlers.AuditHandler;
import chat.presence.local.LocalRuntime;
import chat.presence.local.calls.SdkCallLog;

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
        new DeadLetterQueue(runtime.handlersSqs(), runtime.queues().deadLetterUrl());
    return runtime.services().audit(deadLetters, settings);
  }

  /** Runs an audit as the deployed audit function would, its SDK calls recorded as that function's. */
  public static AuditReport run(LocalRuntime runtime) {
    return SdkCallLog.as(AuditHandler.class.getSimpleName(), () -> of(runtime).run());
  }
}
