package chat.presence.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.fakes.FakeGateway;
import chat.presence.functions.fakes.FakeGateway.CloseCause;
import chat.presence.functions.fakes.FakeGateway.State;
import chat.presence.functions.fakes.IoCall;
import chat.presence.functions.fakes.IoHook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayContract} on {@link FakeGateway}, with API Gateway's own timeouts, on a clock that
 * moves only when the scenario says; plus what only the fake can show (network loss, hooks, the
 * inspection the explorer's invariant checkers use).
 */
class FakeGatewayContractTest extends GatewayContract {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Override
  protected GatewayDriver startGateway() {
    return new FakeDriver(new MutableClock(START));
  }

  // ---------------------------------------------------------------------------------------------
  // Beyond the contract: what the emulator cannot show

  @Test
  void aConnectionWhoseNetworkIsLostStaysOpenAndSilentUntilTheIdleTimeout() {
    MutableClock clock = new MutableClock(START);
    FakeGateway fake = new FakeGateway(clock);
    String id = open(fake);
    clock.advance(Duration.ofMinutes(1));
    fake.clientFrame(id);

    fake.networkLoss(id);
    clock.advance(Duration.ofMinutes(9));

    assertThat(fake.send(id, "lost")).as("the gateway has not noticed").isTrue();
    assertThat(fake.delivered(id)).isEmpty();
    assertThat(fake.lastActiveAt(id)).contains(START.plus(Duration.ofMinutes(1)));
    assertThat(fake.clientFrame(id)).as("no frame can arrive").isFalse();
    fake.clientClose(id); // nor a close
    assertThat(fake.state(id)).isEqualTo(State.OPEN);
    assertThat(fake.expireIdle()).isEmpty();
    assertThat(fake.takeDisconnects()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    assertThat(fake.expireIdle()).containsExactly(id);
    assertThat(fake.connection(id).orElseThrow().closeCause()).contains(CloseCause.IDLE_TIMEOUT);
    assertThat(fake.takeDisconnects()).containsExactly(id);
    assertThat(fake.takeDisconnects()).as("each $disconnect is handed out once").isEmpty();
  }

  @Test
  void theMaximumAgeIsTwoHoursAndTheIdleTimeoutTenMinutes() {
    MutableClock clock = new MutableClock(START);
    FakeGateway fake = new FakeGateway(clock);
    String id = open(fake);
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofMinutes(9).plusSeconds(59));
      fake.clientFrame(id);
      assertThat(fake.expireIdle()).isEmpty();
    }
    clock.advance(Duration.ofHours(2).minus(Duration.between(START, clock.instant())));

    assertThat(fake.expireIdle()).containsExactly(id);
    assertThat(fake.connection(id).orElseThrow().closeCause()).contains(CloseCause.MAX_AGE);
  }

  @Test
  void longestSilenceCoversGapsBetweenFramesAndSinceTheLastFrame() {
    MutableClock clock = new MutableClock(START);
    FakeGateway fake = new FakeGateway(clock);
    String id = open(fake);

    clock.advance(Duration.ofSeconds(30));
    fake.clientFrame(id);
    clock.advance(Duration.ofSeconds(90));
    fake.clientFrame(id);
    clock.advance(Duration.ofSeconds(40));
    assertThat(fake.longestSilence(id)).isEqualTo(Duration.ofSeconds(90));

    clock.advance(Duration.ofSeconds(80));
    assertThat(fake.longestSilence(id)).isEqualTo(Duration.ofSeconds(120));

    fake.clientClose(id);
    clock.advance(Duration.ofHours(1));
    assertThat(fake.longestSilence(id))
        .as("a closed connection is silent no more")
        .isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void inspectionShowsEachConnectionsStateAndTimes() {
    MutableClock clock = new MutableClock(START);
    FakeGateway fake = new FakeGateway(clock);
    String open = open(fake);
    String connecting = fake.beginHandshake();
    String refused = fake.beginHandshake();
    fake.refuseHandshake(refused);
    clock.advance(Duration.ofSeconds(5));
    fake.clientFrame(open);

    assertThat(List.of(open, connecting, refused)).containsExactly("c1", "c2", "c3");
    assertThat(fake.openConnections()).containsExactly(open);
    assertThat(fake.state(connecting)).isEqualTo(State.CONNECTING);
    assertThat(fake.connection(refused).orElseThrow().closeCause()).contains(CloseCause.REFUSED);
    assertThat(fake.connectedAt(open)).isEqualTo(START);
    assertThat(fake.lastActive(open)).isEqualTo(START.plusSeconds(5));
    assertThat(fake.connections())
        .extracting(FakeGateway.Connection::id)
        .containsExactly(open, connecting, refused);
    assertThat(fake.connection("c99")).isEmpty();
    assertThatThrownBy(() -> fake.completeHandshake(open))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> fake.clientFrame("c99")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHookSeesEveryCallAndItsExceptionsPropagate() {
    FakeGateway fake = new FakeGateway(new MutableClock(START));
    String id = open(fake);
    List<String> seen = new ArrayList<>();
    fake.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            seen.add("before " + call + " " + call.writes());
          }

          @Override
          public void after(IoCall call) {
            seen.add("after " + call);
          }
        });

    fake.send(id, "x");
    fake.lastActiveAt(id);
    fake.close(id);

    assertThat(seen)
        .containsExactly(
            "before gateway:PostToConnection c1 true",
            "after gateway:PostToConnection c1",
            "before gateway:GetConnection c1 false",
            "after gateway:GetConnection c1",
            "before gateway:DeleteConnection c1 true",
            "after gateway:DeleteConnection c1");
  }

  @Test
  void aFailureBeforeTheCallAppliesNothingAndOneAfterItHidesThatItWasApplied() {
    FakeGateway fake = new FakeGateway(new MutableClock(START));
    String id = open(fake);
    AssertionError crash = new AssertionError("process crashed");
    fake.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            if (call.operation().equals(FakeGateway.POST_TO_CONNECTION)) {
              throw crash;
            }
          }

          @Override
          public void after(IoCall call) {
            if (call.operation().equals(FakeGateway.DELETE_CONNECTION)) {
              throw new IllegalStateException("timed out");
            }
          }
        });

    assertThatThrownBy(() -> fake.send(id, "x")).isSameAs(crash);
    assertThat(fake.delivered(id)).isEmpty();
    assertThatThrownBy(() -> fake.close(id)).isInstanceOf(IllegalStateException.class);
    assertThat(fake.state(id)).isEqualTo(State.CLOSED);
    assertThat(fake.takeDisconnects()).containsExactly(id);
  }

  private static String open(FakeGateway fake) {
    String id = fake.beginHandshake();
    fake.completeHandshake(id);
    return id;
  }

  /** The contract's driver on the fake: the clock moves, and nothing is asynchronous. */
  private static final class FakeDriver implements GatewayDriver {
    private final FakeGateway fake;
    private final MutableClock clock;
    private final List<String> disconnects = new ArrayList<>();

    /** With API Gateway's own idle timeout and maximum age. */
    FakeDriver(MutableClock clock) {
      this.clock = clock;
      this.fake = new FakeGateway(clock);
    }

    @Override
    public ConnectionsGateway gateway() {
      return fake;
    }

    @Override
    public Duration idleTimeout() {
      return fake.idleTimeout();
    }

    @Override
    public Duration maxConnectionAge() {
      return fake.maxConnectionAge();
    }

    @Override
    public String open() {
      return FakeGatewayContractTest.open(fake);
    }

    @Override
    public String beginHeldHandshake() {
      return fake.beginHandshake();
    }

    @Override
    public void completeHandshake(String connectionId) {
      fake.completeHandshake(connectionId);
    }

    @Override
    public String refusedHandshake() {
      String id = fake.beginHandshake();
      fake.refuseHandshake(id);
      return id;
    }

    @Override
    public Instant connectedAt(String connectionId) {
      return fake.connectedAt(connectionId);
    }

    @Override
    public Instant clientFrame(String connectionId) {
      assertThat(fake.clientFrame(connectionId)).as("frame received").isTrue();
      return clock.instant();
    }

    @Override
    public void clientClose(String connectionId) {
      fake.clientClose(connectionId);
    }

    @Override
    public void dropDisconnect(String connectionId) {
      fake.dropDisconnect(connectionId);
    }

    @Override
    public List<String> received(String connectionId) {
      return fake.delivered(connectionId);
    }

    @Override
    public boolean closedByGateway(String connectionId) {
      Optional<CloseCause> cause = fake.connection(connectionId).orElseThrow().closeCause();
      return cause.isPresent()
          && cause.get() != CloseCause.CLIENT
          && cause.get() != CloseCause.REFUSED;
    }

    @Override
    public List<String> disconnects() {
      disconnects.addAll(fake.takeDisconnects());
      return List.copyOf(disconnects);
    }

    @Override
    public void advance(Duration duration) {
      clock.advance(duration);
      fake.expireIdle();
    }

    @Override
    public void settle() {}

    @Override
    public void close() {}
  }
}
