package chat.presence.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.LocalRuntime;
import chat.presence.local.LocalSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local runtime's own HTTP endpoints answer only to localhost, and sign nothing with a
 * configured secret (which may be a deployed stage's key).
 */
class LocalEndpointsGuardIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    runtime =
        LocalRuntime.start(
            new LocalSettings(
                0,
                Optional.empty(),
                Optional.of("a-configured-secret-of-at-least-32-bytes"),
                Map.of(),
                Duration.ofSeconds(5),
                2,
                3, Optional.empty()));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  /** Seen answering 200 with a token signed by the configured secret before it was turned off. */
  @Test
  void theDevTokenEndpointSignsNothingWhenASecretIsConfigured() throws Exception {
    HttpResponse<String> minted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(runtime.httpUrl() + "/local/dev-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"s1\",\"sub\":\"ann\",\"role\":\"agent\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(minted.statusCode()).isEqualTo(403);
    assertThat(minted.body()).doesNotContain("token\"").contains("configured secret");
  }

  /** A page that rebound its own name to this machine sends that name as the Host. */
  @Test
  void aRequestNamingAnotherHostIsRefused() throws IOException {
    assertThat(statusFor("evil.example")).isEqualTo(403);
    assertThat(statusFor("evil.example:" + runtime.port())).isEqualTo(403);
    assertThat(statusFor("localhost:" + runtime.port())).isEqualTo(200);
    assertThat(statusFor("127.0.0.1:" + runtime.port())).isEqualTo(200);
  }

  /** Java's HTTP client will not send a Host of our choosing, so the request is written by hand. */
  private static int statusFor(String host) throws IOException {
    try (Socket socket = new Socket("localhost", runtime.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /local/console-config HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
