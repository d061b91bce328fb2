package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error code of the contract, each from a matching bad frame that changes nothing. */
class ErrorCodesIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void frameThatIsNotJsonIsBadRequest() {
    assertRefusedRaw("hello", "BAD_REQUEST");
  }

  @Test
  void frameThatIsNotAnObjectIsBadRequest() {
    assertRefusedRaw("[1,2]", "BAD_REQUEST");
  }

  @Test
  void frameWithoutActionIsBadRequest() {
    assertRefusedRaw("{\"requestId\":\"x\"}", "BAD_REQUEST");
  }

  @Test
  void unknownStatusIsBadRequestAndKeepsRequestId() {
    assertRefused("setStatus", Map.of("status", "busy"), "BAD_REQUEST");
  }

  @Test
  void illTypedFieldIsBadRequest() {
    assertRefused("endChat", Map.of("chatId", 42), "BAD_REQUEST");
  }

  @Test
  void unknownActionIsUnknownAction() {
    assertRefused("teleport", Map.of(), "UNKNOWN_ACTION");
  }

  @Test
  void visitorSettingAStatusIsForbidden() {
    String site = uniqueSite();
    try (WsClient visitor = runtime.visitor(site, "vic");
        WsClient agent = runtime.agent(site, "ann")) {
      var before = runtime.storedState(site);
      JsonNode error = visitor.request("setStatus", Map.of("status", "away"));
      assertError(error, "FORBIDDEN");
      assertThat(runtime.storedState(site)).isEqualTo(before);
    }
  }

  @Test
  void endingAnUnknownChatIsNotFound() {
    assertRefused("endChat", Map.of("chatId", "no-such-chat"), "NOT_FOUND");
  }

  @Test
  void frameOver32KibIsPayloadTooLarge() {
    assertRefused("heartbeat", Map.of("padding", "x".repeat(33 * 1024)), "PAYLOAD_TOO_LARGE");
  }

  @Test
  void connectionStaysOpenAfterAnError() {
    String site = uniqueSite();
    try (WsClient agent = runtime.agent(site, "ann")) {
      assertError(agent.request("teleport"), "UNKNOWN_ACTION");
      assertThat(agent.request("heartbeat").path("type").asText()).isEqualTo("ack");
      assertThat(agent.isClosed()).isFalse();
    }
  }

  private static void assertRefused(String action, Map<String, Object> fields, String code) {
    String site = uniqueSite();
    try (WsClient agent = runtime.agent(site, "ann", "away")) {
      var before = runtime.storedState(site);
      assertError(agent.request(action, fields), code);
      assertThat(runtime.storedState(site)).isEqualTo(before);
    }
  }

  private static void assertRefusedRaw(String frame, String code) {
    String site = uniqueSite();
    try (WsClient agent = runtime.agent(site, "ann")) {
      var before = runtime.storedState(site);
      agent.sendRaw(frame);
      JsonNode error = agent.awaitFrame(f -> "error".equals(f.path("type").asText()));
      assertThat(error.path("code").asText()).isEqualTo(code);
      assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception");
      assertThat(runtime.storedState(site)).isEqualTo(before);
    }
  }

  private static void assertError(JsonNode frame, String code) {
    assertThat(frame.path("type").asText()).isEqualTo("error");
    assertThat(frame.path("code").asText()).isEqualTo(code);
    assertThat(frame.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }
}
