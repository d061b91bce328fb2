package chat.presence.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.WsClient;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

class WebSocketGatewayHandshakeIT {
  private final GatewayFixture fixture = new GatewayFixture();

  @AfterEach
  void stopGateway() {
    fixture.close();
  }

  @Test
  void connectEventCarriesRouteKeyConnectionIdAndQueryParameters() throws Exception {
    fixture.connect("?token=abc&status=away");

    var event = fixture.connect.lastEvent();
    var context = event.getRequestContext();
    assertThat(context.getRouteKey()).isEqualTo("$connect");
    assertThat(context.getEventType()).isEqualTo("CONNECT");
    assertThat(context.getConnectionId()).matches("[A-Za-z0-9_-]{15}=");
    assertThat(context.getStage()).isEqualTo("local");
    assertThat(context.getDomainName()).isEqualTo("localhost");
    assertThat(context.getApiId()).isEqualTo("local");
    assertThat(context.getMessageDirection()).isEqualTo("IN");
    assertThat(context.getRequestId()).isNotBlank();
    assertThat(context.getConnectedAt()).isPositive().isEqualTo(context.getRequestTimeEpoch());
    assertThat(context.getIdentity().getSourceIp()).isNotBlank();
    assertThat(event.getQueryStringParameters())
        .isEqualTo(Map.of("token", "abc", "status", "away"));
    assertThat(event.getMultiValueQueryStringParameters())
        .isEqualTo(Map.of("token", List.of("abc"), "status", List.of("away")));
    assertThat(event.getHeaders().keySet())
        .anyMatch(name -> name.equalsIgnoreCase("Sec-WebSocket-Key"));
    assertThat(event.isIsBase64Encoded()).isFalse();
  }

  @Test
  void handshakeWithoutQueryStringHasNullQueryParameters() throws Exception {
    fixture.connect();

    var event = fixture.connect.lastEvent();
    assertThat(event.getQueryStringParameters()).isNull();
    assertThat(event.getMultiValueQueryStringParameters()).isNull();
  }

  @Test
  void socketKeepsTheConnectionIdThatConnectSaw() throws Exception {
    WsClient client = fixture.connect();

    client.sendRaw("hello");

    await().until(() -> fixture.defaultRoute.events().size() == 1);
    assertThat(fixture.defaultRoute.lastEvent().getRequestContext().getConnectionId())
        .isEqualTo(fixture.connectionIdOf(client));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void handshakeFailsWithTheStatusTheConnectHandlerAnswers(int status) {
    fixture.connect.answer(status);

    assertHandshakeFailsWith(status);

    String refusedId = fixture.connect.lastEvent().getRequestContext().getConnectionId();
    assertThatThrownBy(() -> fixture.managementApi().getConnection(r -> r.connectionId(refusedId)))
        .isInstanceOf(GoneException.class);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> fixture.disconnect.events().isEmpty());
  }

  @Test
  void handshakeFailsWith500WhenTheConnectHandlerThrows() {
    fixture.connect.doing(
        event -> {
          throw new IllegalStateException("handler bug");
        });

    assertHandshakeFailsWith(500);
  }

  private void assertHandshakeFailsWith(int status) {
    URI url = fixture.gateway.webSocketUrl();
    assertThatThrownBy(() -> WsClient.openSilent(url))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(status));
  }
}
