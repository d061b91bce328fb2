package chat.presence.functions.handlers;

import chat.presence.functions.Services;
import chat.presence.functions.audit.Audit;
import chat.presence.functions.audit.AuditMetrics;
import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.AuditSettings;
import chat.presence.functions.audit.DeadLetterQueue;
import chat.presence.functions.audit.Finding;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.aws.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled: checks the stored state against the presence invariants, logs a line per breach and
 * publishes the counts as metrics (the stack alarms on any). It only reads.
 */
public final class AuditHandler implements RequestHandler<ScheduledEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(AuditHandler.class);

  private final Audit audit;
  private final Metrics metrics;

  public AuditHandler() {
    this(
        Services.shared()
            .audit(
                DeadLetterQueue.fromEnvironment(new AwsClients(System.getenv())),
                AuditSettings.fromEnvironment(System.getenv())),
        Services.shared().metrics());
  }

  public AuditHandler(Audit audit, Metrics metrics) {
    this.audit = audit;
    this.metrics = metrics;
  }

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    AuditReport report = audit.run();
    for (Finding finding : report.findings()) {
      LOG.warn(finding.line());
    }
    AuditMetrics.of(report).forEach(d -> metrics.emit(d.name(), d.value(), d.dimensions()));
    report.notices().forEach(LOG::info);
    LOG.info(report.summary());
    return report.summary();
  }
}
