package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.properties;
import static chat.presence.infra.SynthesizedStack.ref;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoutingQueueTest {
  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void routingQueueAndDeadLetterQueueAreBothFifoWithExplicitDeduplication() {
    assertThat(fifoQueues()).hasSize(2);
    assertThat(fifoQueues().values())
        .allSatisfy(queue -> assertThat(properties(queue)).containsEntry("ContentBasedDeduplication", false));
  }

  @Test
  void failedRoutingEventsMoveToTheDeadLetterQueueAfterTheSchemaReceiveCount() {
    Map<String, Object> redrive =
        (Map<String, Object>) properties(routingQueue()).get("RedrivePolicy");

    assertThat(redrive)
        .containsEntry("maxReceiveCount", Schema.ROUTING_QUEUE.maxReceiveCount())
        .containsEntry(
            "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetterQueueId(), "Arn")));
  }

  @Test
  void visibilityTimeoutIsSixTimesTheRouterTimeout() {
    int routerTimeout = (Integer) stack.functionProperties(Handler.ROUTER).get("Timeout");

    assertThat(routerTimeout).isEqualTo(Schema.ROUTER_TIMEOUT_SECONDS);
    assertThat(properties(routingQueue())).containsEntry("VisibilityTimeout", 6 * routerTimeout);
  }

  @Test
  void deadLettersAreKeptFourteenDays() {
    assertThat(properties(stack.resources("AWS::SQS::Queue").get(deadLetterQueueId())))
        .containsEntry("MessageRetentionPeriod", 14 * 24 * 3600);
  }

  /** Offer expiries wait in a standard queue: FIFO queues take no per-message delay. */
  @Test
  void timersWaitInAStandardQueueWhoseForwarderReportsFailedItemsOnly() {
    Map<String, Object> timers = timerQueue();

    assertThat(properties(timers)).doesNotContainKey("FifoQueue").containsKey("RedrivePolicy");
    assertThat(mappingOf(Handler.TIMER))
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(timerQueueId(), "Arn")));
  }

  @Test
  void routerLiveAliasConsumesBatchesOfTenAndReportsFailedItemsOnly() {
    stack.template.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);

    assertThat(mappingOf(Handler.ROUTER))
        .containsEntry("BatchSize", 10)
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(routingQueueId(), "Arn")));
  }

  private Map<String, Object> mappingOf(Handler handler) {
    return stack.resources("AWS::Lambda::EventSourceMapping").values().stream()
        .map(SynthesizedStack::properties)
        .filter(
            mapping ->
                mapping.get("FunctionName").toString().contains(ref(stack.aliasId(handler)).toString()))
        .findFirst()
        .orElseThrow();
  }

  private Map<String, Map<String, Object>> fifoQueues() {
    return stack.resources("AWS::SQS::Queue").entrySet().stream()
        .filter(queue -> Boolean.TRUE.equals(properties(queue.getValue()).get("FifoQueue")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Map<String, Object> routingQueue() {
    return stack.resources("AWS::SQS::Queue").get(routingQueueId());
  }

  private Map<String, Object> timerQueue() {
    return stack.resources("AWS::SQS::Queue").get(timerQueueId());
  }

  private String routingQueueId() {
    return fifoQueues().entrySet().stream()
        .filter(queue -> properties(queue.getValue()).containsKey("RedrivePolicy"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private String deadLetterQueueId() {
    return fifoQueues().keySet().stream()
        .filter(id -> !id.equals(routingQueueId()))
        .findFirst()
        .orElseThrow();
  }

  private String timerQueueId() {
    return stack.resources("AWS::SQS::Queue").entrySet().stream()
        .filter(queue -> !fifoQueues().containsKey(queue.getKey()))
        .filter(queue -> properties(queue.getValue()).containsKey("RedrivePolicy"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }
}
