package chat.presence.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final List<String> GATEWAY_EVENTS = List.of("$connect", "$disconnect", "$default");

  @Test
  void theTableHasOneRouteForEveryActionAndForTheGatewaysOwnEvents() {
    List<String> keys = Arrays.stream(Route.values()).map(Route::key).toList();

    assertThat(keys).doesNotHaveDuplicates();
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        Stream.concat(GATEWAY_EVENTS.stream(), Actions.ALL.stream()).toList());
  }

  @Test
  void onlyPingIsAnsweredByTheGatewayAlone() {
    assertThat(Route.gatewayOnlyKeys()).containsExactly(Actions.PING);
  }
}
