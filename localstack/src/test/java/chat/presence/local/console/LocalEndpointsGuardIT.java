package chat.presence.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local runtime's own HTTP endpoints answer only to localhost, and sign nothing with a
 * configured secret (which may be a deployed stage's key).
 */
class LocalEndpointsGuardIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** With a configured secret, as the builder's runtimes have unless they are the console's. */
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().ownEmulators().build();

  /** Seen answering 200 with a token signed by the configured secret before it was turned off. */
  @Test
  void theDevTokenEndpointSignsNothingWhenASecretIsConfigured() throws Exception {
    HttpResponse<String> minted =
        HTTP.send(
            HttpRequest.newBuilder(runtime.http("/local/dev-token"))
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
    assertThat(statusFor("evil.example:" + runtime.runtime().port())).isEqualTo(403);
    assertThat(statusFor("localhost:" + runtime.runtime().port())).isEqualTo(200);
    assertThat(statusFor("127.0.0.1:" + runtime.runtime().port())).isEqualTo(200);
  }

  /** Java's HTTP client will not send a Host of our choosing, so the request is written by hand. */
  private static int statusFor(String host) throws IOException {
    try (Socket socket = new Socket("localhost", runtime.runtime().port())) {
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
