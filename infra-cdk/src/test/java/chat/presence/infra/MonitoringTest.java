package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringTest {
  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void deadLettersRaiseAnAlarmAsSoonAsOneArrives() {
    assertThat(alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible"))
        .containsEntry("Threshold", 0)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry(
            "Dimensions", List.of(Map.of("Name", "QueueName", "Value", queueName(true))));
  }

  @Test
  void aRoutingEventOlderThanAMinuteRaisesAnAlarm() {
    assertThat(alarmOn("AWS/SQS", "ApproximateAgeOfOldestMessage"))
        .containsEntry("Threshold", 60)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry(
            "Dimensions", List.of(Map.of("Name", "QueueName", "Value", queueName(false))));
  }

  @Test
  void routerErrorsAndThrottlesRaiseAlarms() {
    Object routerDimensions =
        List.of(
            Map.of(
                "Name",
                "FunctionName",
                "Value",
                SynthesizedStack.ref(stack.functionId(Handler.ROUTER))));
    for (String metric : List.of("Errors", "Throttles")) {
      assertThat(alarmOn("AWS/Lambda", metric))
          .containsEntry("Threshold", 0)
          .containsEntry("ComparisonOperator", "GreaterThanThreshold")
          .containsEntry("Dimensions", routerDimensions);
    }
  }

  @Test
  void auditViolationsAndAnOpenStalenessBreakerRaiseAlarms() {
    for (String metric : List.of("AuditViolations", "BreakerOpen")) {
      assertThat(alarmOn("Presence", metric))
          .containsEntry("Threshold", 0)
          .containsEntry("ComparisonOperator", "GreaterThanThreshold")
          .containsEntry("TreatMissingData", "notBreaching")
          .doesNotContainKey("Dimensions");
    }
  }

  @Test
  void theDashboardShowsRoutingConnectsAndTheAudit() {
    stack.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    String body =
        properties(stack.resources("AWS::CloudWatch::Dashboard").values().iterator().next())
            .get("DashboardBody")
            .toString();

    assertThat(body)
        .contains(
            "ApproximateNumberOfMessagesVisible",
            "ApproximateAgeOfOldestMessage",
            "Duration",
            "Errors",
            "Invocations",
            "AuditViolations");
  }

  @Test
  void alarmsNotifyNobodyWithoutAnAlarmEmail() {
    stack.template.resourceCountIs("AWS::SNS::Topic", 0);
    assertThat(stack.resources("AWS::CloudWatch::Alarm").values())
        .allSatisfy(alarm -> assertThat(properties(alarm)).doesNotContainKey("AlarmActions"));
  }

  @Test
  void everyAlarmNotifiesTheAlarmEmailThroughOneTopic() {
    SynthesizedStack customized = SynthesizedStack.withContext(CustomizedContext.VALUES);
    String topicId = customized.resources("AWS::SNS::Topic").keySet().iterator().next();

    customized.template.resourceCountIs("AWS::SNS::Topic", 1);
    customized.template.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", CustomizedContext.ALARM_EMAIL));
    assertThat(customized.resources("AWS::CloudWatch::Alarm").values())
        .hasSize(6)
        .allSatisfy(
            alarm ->
                assertThat(properties(alarm))
                    .containsEntry("AlarmActions", List.of(SynthesizedStack.ref(topicId))));
  }

  private Map<String, Object> alarmOn(String namespace, String metricName) {
    List<Map<String, Object>> alarms =
        stack.resources("AWS::CloudWatch::Alarm").values().stream()
            .map(SynthesizedStack::properties)
            .filter(alarm -> namespace.equals(alarm.get("Namespace")))
            .filter(alarm -> metricName.equals(alarm.get("MetricName")))
            .toList();
    assertThat(alarms).as("alarms on " + namespace + "/" + metricName).hasSize(1);
    return alarms.get(0);
  }

  private Object queueName(boolean deadLetterQueue) {
    String id =
        stack.resources("AWS::SQS::Queue").entrySet().stream()
            .filter(e -> Boolean.TRUE.equals(properties(e.getValue()).get("FifoQueue")))
            .filter(e -> properties(e.getValue()).containsKey("RedrivePolicy") != deadLetterQueue)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    return Map.of("Fn::GetAtt", List.of(id, "QueueName"));
  }
}
