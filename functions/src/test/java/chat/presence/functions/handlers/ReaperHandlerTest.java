package chat.presence.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.Services;
import chat.presence.functions.auth.TokenVerifier;
import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.functions.fakes.FakeFifoQueue;
import chat.presence.functions.fakes.FakeGateway;
import chat.presence.functions.fakes.FakeTimerQueue;
import chat.presence.functions.fakes.IoCall;
import chat.presence.functions.fakes.IoHook;
import chat.presence.functions.routing.PassTasks;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.Role;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaperHandlerTest {
  private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TokenVerifier VERIFIER = TokenVerifier.hs256("reaper-test-secret-of-at-least-32-bytes", 3);

  private final FakeGateway gateway = new FakeGateway(CLOCK);
  private final Services services =
      new Services(
          new FakeDynamoDb(Schema.TABLES),
          new FakeFifoQueue(CLOCK, Duration.ofSeconds(30), 5),
          new FakeTimerQueue(CLOCK),
          gateway,
          Map.of(),
          CLOCK,
          () -> VERIFIER,
          PassTasks.inline());

  @Test
  void aConnectionAnAgentListsThatCannotBeCheckedCostsOnlyItsOwnCheck() {
    // Before each listed connection's check was isolated, the gateway's failure for ann's ended the
    // whole pass with an exception, and bob's dead connection was not dropped.
    listedWithoutRecord("ann", "ann-ghost");
    listedWithoutRecord("bob", "bob-ghost");
    gateway.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            if (call.operation().equals(FakeGateway.GET_CONNECTION) && call.target().equals("ann-ghost")) {
              throw new IllegalStateException("throttled");
            }
          }

          @Override
          public void after(IoCall call) {}
        });

    String summary = Handlers.reaper(services).handleRequest(new ScheduledEvent(), null);

    assertThat(summary).contains("dropped 0 silent and 1 gone").contains("1 checks failed");
    assertThat(services.agents().get("s1", "bob").orElseThrow().connections()).isEmpty();
    assertThat(services.agents().get("s1", "ann").orElseThrow().connections()).containsExactly("ann-ghost");
  }

  /** An agent whose item lists a connection that has no record (its $disconnect half handled). */
  private void listedWithoutRecord(String agentId, String connectionId) {
    services
        .agents()
        .connect(
            new Identity("s1", agentId, Role.AGENT, 3),
            connectionId,
            ChosenStatus.AVAILABLE,
            0,
            List.of(),
            NOW.minus(Duration.ofMinutes(10)));
  }
}
