package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.local.DevTokens;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HandshakeIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void agentWithValidTokenConnectsAndAppearsAvailable() {
    String site = uniqueSite();
    try (WsClient agent = runtime.agent(site, "ann")) {
      assertThat(agent.request("heartbeat").path("type").asText()).isEqualTo("ack");
      assertThat(agent.presence()).containsExactly(java.util.Map.entry("ann", "available"));
    }
  }

  @Test
  void missingTokenIsRefusedWith401AndWritesNothing() {
    assertRefused("", 401);
  }

  @Test
  void malformedTokenIsRefusedWith401AndWritesNothing() {
    assertRefused("?token=not.a.jwt", 401);
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefusedWith401AndWritesNothing() {
    String forged =
        DevTokens.sign(
            "another-secret-that-is-long-enough-for-hs256",
            "site-forged",
            "mallory",
            "agent",
            Duration.ofMinutes(5),
            OptionalInt.empty());
    assertRefused("?token=" + forged, 401, "site-forged");
  }

  @Test
  void expiredTokenIsRefusedWith401AndWritesNothing() {
    String expired =
        DevTokens.sign(
            runtime.runtime().settings().effectiveJwtSecret(),
            "site-expired",
            "late",
            "agent",
            Duration.ofMinutes(-5),
            OptionalInt.empty());
    assertRefused("?token=" + expired, 401, "site-expired");
  }

  @Test
  void unknownRoleIsRefusedWith403AndWritesNothing() {
    assertRefused("?token=" + runtime.token("site-admin", "eve", "admin"), 403, "site-admin");
  }

  private static void assertRefused(String query, int status, String site) {
    assertRefused(query, status);
    assertThat(runtime.storedState(site)).isEmpty();
  }

  private static void assertRefused(String query, int status) {
    Instant attempt = Instant.now();
    assertThatThrownBy(
            () ->
                WsClient.tryConnect(runtime.runtime().webSocketUrl(), query)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(status));
    assertThat(runtime.connectionsRegisteredSince(attempt)).isZero();
  }
}
