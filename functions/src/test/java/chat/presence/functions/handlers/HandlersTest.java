package chat.presence.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.Services;
import chat.presence.functions.auth.TokenVerifier;
import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.functions.fakes.FakeFifoQueue;
import chat.presence.functions.fakes.FakeGateway;
import chat.presence.functions.fakes.FakeTimerQueue;
import chat.presence.functions.routing.PassTasks;
import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandlersTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final TokenVerifier VERIFIER = TokenVerifier.hs256("handlers-test-secret-of-at-least-32-bytes", 3);
  private static final Services SERVICES =
      new Services(
          new FakeDynamoDb(Schema.TABLES),
          new FakeFifoQueue(CLOCK, Duration.ofSeconds(30), 5),
          new FakeTimerQueue(CLOCK),
          new FakeGateway(CLOCK),
          Map.of(),
          CLOCK,
          () -> VERIFIER,
          PassTasks.inline());

  @ParameterizedTest
  @EnumSource(Route.class)
  void eachRouteIsServedByTheHandlerClassTheTableNamesAndAGatewayOnlyRouteByNone(Route route) {
    var routes = Handlers.routes(SERVICES);

    assertThat(
            Optional.ofNullable(routes.get(route.key())).map(handler -> handler.getClass().getSimpleName()))
        .isEqualTo(route.handlerClass());
  }
}
