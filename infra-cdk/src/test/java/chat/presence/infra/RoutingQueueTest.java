package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.properties;
import static chat.presence.infra.SynthesizedStack.ref;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingQueueTest {
  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void routingQueueAndDeadLetterQueueAreBothFifoWithExplicitDeduplication() {
    assertThat(stack.resources("AWS::SQS::Queue")).hasSize(2);
    assertThat(stack.resources("AWS::SQS::Queue").values())
        .allSatisfy(
            queue -> {
              assertThat(properties(queue)).containsEntry("FifoQueue", true);
              assertThat(properties(queue)).containsEntry("ContentBasedDeduplication", false);
            });
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

  @Test
  void routerLiveAliasConsumesBatchesOfTenAndReportsFailedItemsOnly() {
    stack.template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    Map<String, Object> mapping =
        properties(stack.resources("AWS::Lambda::EventSourceMapping").values().iterator().next());

    assertThat(mapping)
        .containsEntry("BatchSize", 10)
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(routingQueueId(), "Arn")));
    assertThat(mapping.get("FunctionName").toString())
        .contains(ref(stack.aliasId(Handler.ROUTER)).toString(), ":live");
  }

  private Map<String, Object> routingQueue() {
    return stack.resources("AWS::SQS::Queue").get(routingQueueId());
  }

  private String routingQueueId() {
    return stack.resources("AWS::SQS::Queue").entrySet().stream()
        .filter(queue -> properties(queue.getValue()).containsKey("RedrivePolicy"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private String deadLetterQueueId() {
    return stack.resources("AWS::SQS::Queue").keySet().stream()
        .filter(id -> !id.equals(routingQueueId()))
        .findFirst()
        .orElseThrow();
  }
}
