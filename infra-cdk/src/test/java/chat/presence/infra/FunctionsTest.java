package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.map;
import static chat.presence.infra.SynthesizedStack.properties;
import static chat.presence.infra.SynthesizedStack.ref;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.settings.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FunctionsTest {
  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void everyHandlerOfTheJarIsDeployedOnce() {
    assertThat(stack.resources("AWS::Lambda::Function")).hasSameSizeAs(Handler.values());
  }

  @ParameterizedTest
  @EnumSource(Handler.class)
  void eachFunctionIsJava21OnArmWithSnapStartOnPublishedVersions(Handler handler) {
    assertThat(stack.functionProperties(handler))
        .containsEntry("Runtime", "java21")
        .containsEntry("Architectures", List.of("arm64"))
        .containsEntry("MemorySize", 1024)
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
        .containsEntry("Handler", handler.handlerString());
    assertThat(map(stack.functionProperties(handler).get("LoggingConfig")))
        .containsEntry("LogFormat", "JSON");
  }

  @ParameterizedTest
  @EnumSource(Handler.class)
  void eachFunctionIsInvokedThroughALiveAliasOnItsCurrentVersion(Handler handler) {
    Map<String, Object> alias =
        properties(stack.resources("AWS::Lambda::Alias").get(stack.aliasId(handler)));

    assertThat(alias.get("FunctionVersion").toString()).contains("CurrentVersion");
  }

  @Test
  void timeoutsAreTenSecondsExceptRouterAndReaper() {
    assertThat(stack.functionProperties(Handler.ROUTER))
        .containsEntry("Timeout", Schema.ROUTER_TIMEOUT_SECONDS);
    assertThat(stack.functionProperties(Handler.REAPER)).containsEntry("Timeout", 60);
    for (Handler handler : Handler.values()) {
      if (handler != Handler.ROUTER && handler != Handler.REAPER) {
        assertThat(stack.functionProperties(handler)).containsEntry("Timeout", 10);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Handler.class)
  void eachFunctionFindsEveryTableTheQueueAndTheConnectionsEndpoint(Handler handler) {
    Map<String, Object> variables = environmentOf(stack, handler);

    for (TableSpec table : Schema.TABLES) {
      assertThat(variables).containsKey(table.envVariable());
    }
    assertThat(variables)
        .containsKeys(
            Schema.ROUTING_QUEUE.urlEnvVariable(),
            Setting.ROUTING_DLQ_URL.envName(),
            Setting.CONNECTIONS_ENDPOINT.envName());
  }

  @Test
  void tunablesHaveTheContractDefaultsAndFastStartJvmOptions() {
    assertThat(environmentOf(stack, Handler.CONNECT))
        .containsEntry(Setting.DEFAULT_MAX_CHATS.envName(), "3")
        .containsEntry(Setting.OFFLINE_GRACE.envName(), "15")
        .containsEntry(Setting.HEARTBEAT_TIMEOUT.envName(), "90")
        .containsEntry(Setting.HEARTBEAT_INTERVAL.envName(), "30")
        .containsEntry(Setting.REAPER_INTERVAL.envName(), "60")
        .containsEntry(
            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
  }

  @Test
  void tunablesFollowTheContext() {
    SynthesizedStack customized = SynthesizedStack.withContext(CustomizedContext.VALUES);

    assertThat(environmentOf(customized, Handler.REAPER))
        .containsEntry(Setting.DEFAULT_MAX_CHATS.envName(), "5")
        .containsEntry(Setting.OFFLINE_GRACE.envName(), "20")
        .containsEntry(Setting.HEARTBEAT_TIMEOUT.envName(), "120")
        .containsEntry(Setting.HEARTBEAT_INTERVAL.envName(), "40");
  }

  @Test
  void reaperRunsEveryMinuteAndAuditEveryFiveThroughTheirAliases() {
    assertThat(scheduleOf(Handler.REAPER)).isEqualTo("rate(1 minute)");
    assertThat(scheduleOf(Handler.AUDIT)).isEqualTo("rate(5 minutes)");
    stack.template.resourceCountIs("AWS::Events::Rule", 2);
  }

  private String scheduleOf(Handler handler) {
    Map<String, Object> aliasRef = ref(stack.aliasId(handler));
    return stack.resources("AWS::Events::Rule").values().stream()
        .map(SynthesizedStack::properties)
        .filter(
            rule ->
                SynthesizedStack.list(rule.get("Targets")).stream()
                    .anyMatch(target -> aliasRef.equals(map(target).get("Arn"))))
        .map(rule -> (String) rule.get("ScheduleExpression"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No schedule for " + handler));
  }

  static Map<String, Object> environmentOf(SynthesizedStack stack, Handler handler) {
    return map(map(stack.functionProperties(handler).get("Environment")).get("Variables"));
  }
}
