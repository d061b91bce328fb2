package chat.presence.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** Alarms on what needs a human (stuck or dead routing, broken invariants) and one dashboard. */
final class PresenceMonitoring extends Construct {
  static final int MAX_ROUTING_DELAY_SECONDS = 60;
  private static final Duration PERIOD = Duration.minutes(1);

  private final List<Alarm> alarms = new ArrayList<>();

  PresenceMonitoring(
      Construct scope,
      String id,
      RoutingQueues queues,
      PresenceFunction router,
      PresenceFunction connect,
      Optional<String> alarmEmail) {
    super(scope, id);
    Metric deadLetters =
        queues.deadLetterQueue().metricApproximateNumberOfMessagesVisible(maximum());
    Metric oldestRoutingEvent = queues.queue().metricApproximateAgeOfOldestMessage(maximum());
    Metric routingBacklog = queues.queue().metricApproximateNumberOfMessagesVisible(maximum());
    Metric routerErrors = router.function().metricErrors(sum());
    Metric routerThrottles = router.function().metricThrottles(sum());
    Metric routerDuration = router.function().metricDuration(maximum());
    Metric connects = connect.function().metricInvocations(sum());
    Metric auditViolations = presenceMetric(PresenceMetrics.AUDIT_VIOLATIONS);
    Metric breakerOpen = presenceMetric(PresenceMetrics.BREAKER_OPEN);

    alarmAbove(
        "DeadLettersAlarm", deadLetters, 0, "Routing events failed repeatedly and sit in the DLQ");
    alarmAbove(
        "RoutingDelayAlarm",
        oldestRoutingEvent,
        MAX_ROUTING_DELAY_SECONDS,
        "A routing event has waited over a minute: chats are not being assigned");
    alarmAbove("RouterErrorsAlarm", routerErrors, 0, "The router failed");
    alarmAbove("RouterThrottlesAlarm", routerThrottles, 0, "The router was throttled");
    alarmAbove(
        "AuditViolationsAlarm", auditViolations, 0, "The audit found broken presence invariants");
    alarmAbove(
        "BreakerOpenAlarm",
        breakerOpen,
        0,
        "The reaper's staleness circuit breaker is open: connections are not being reaped");

    alarmEmail.ifPresent(this::notifyByEmail);

    Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").build();
    dashboard.addWidgets(
        graph("Routing queue", routingBacklog, oldestRoutingEvent),
        graph("Dead-letter queue", deadLetters),
        graph("Router", routerDuration, routerErrors, routerThrottles));
    dashboard.addWidgets(
        graph("Connects", connects), graph("Audit and reaper", auditViolations, breakerOpen));
  }

  private void alarmAbove(String id, Metric metric, double threshold, String description) {
    alarms.add(
        Alarm.Builder.create(this, id)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            // No data means no traffic or no violation, never trouble.
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build());
  }

  private void notifyByEmail(String email) {
    Topic topic = Topic.Builder.create(this, "AlarmTopic").enforceSsl(true).build();
    topic.addSubscription(new EmailSubscription(email));
    SnsAction notify = new SnsAction(topic);
    alarms.forEach(alarm -> alarm.addAlarmAction(notify));
  }

  private static Metric presenceMetric(String name) {
    return Metric.Builder.create()
        .namespace(PresenceMetrics.NAMESPACE)
        .metricName(name)
        .statistic("Maximum")
        .period(PERIOD)
        .build();
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
  }

  private static MetricOptions maximum() {
    return MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
  }

  private static MetricOptions sum() {
    return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
  }
}
