package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.map;
import static chat.presence.infra.SynthesizedStack.mentions;
import static chat.presence.infra.SynthesizedStack.properties;
import static chat.presence.infra.SynthesizedStack.ref;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.settings.Setting;
import chat.presence.model.wire.Route;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WebSocketApiTest {
  private static final List<String> CONTRACT_ROUTES =
      List.of(
          "$connect",
          "$disconnect",
          "$default",
          "heartbeat",
          "ping",
          "setStatus",
          "getPresence",
          "explain",
          "getChats",
          "acceptChat",
          "declineChat",
          "requestChat",
          "endChat",
          "getAvailability",
          "setAgentStatus",
          "transferChat",
          "subscribePresence",
          "unsubscribePresence");

  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  private List<Object> deployedRouteKeys() {
    return stack.resources("AWS::ApiGatewayV2::Route").values().stream()
        .map(route -> properties(route).get("RouteKey"))
        .toList();
  }

  @Test
  void everyActionOfTheContractHasARouteAndNothingElseDoes() {
    assertThat(deployedRouteKeys()).containsExactlyInAnyOrderElementsOf(CONTRACT_ROUTES);
  }

  @Test
  void theDeployedRoutesAreThoseOfTheRouteTable() {
    assertThat(deployedRouteKeys())
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Route.values()).map(Route::key).toList());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void eachRouteOfTheTableWithAHandlerClassIsServedByThatHandler(Route route) {
    List<String> servingHandlers =
        Arrays.stream(Handler.values())
            .filter(handler -> handler.routeKey().equals(Optional.of(route.key())))
            .map(Handler::className)
            .toList();

    assertThat(servingHandlers).isEqualTo(route.handlerClass().stream().toList());
  }

  @ParameterizedTest
  @MethodSource("routedHandlers")
  void eachRouteInvokesTheLiveAliasOfItsHandler(Handler handler) {
    Map<String, Object> route = routeFor(handler.routeKey().get());
    String integrationId = integrationIdOf(route);
    Object integrationUri =
        properties(stack.resources("AWS::ApiGatewayV2::Integration").get(integrationId))
            .get("IntegrationUri");

    assertThat(mentions(integrationUri, ref(stack.aliasId(handler)).toString())).isTrue();
    assertThat(properties(route).get("AuthorizationType")).isEqualTo("NONE");
  }

  @Test
  void pingIsOneWayOnAMockIntegrationThatInvokesNoFunction() {
    Map<String, Object> route = routeFor("ping");
    Map<String, Object> integration =
        properties(stack.resources("AWS::ApiGatewayV2::Integration").get(integrationIdOf(route)));

    assertThat(integration.get("IntegrationType")).isEqualTo("MOCK");
    assertThat(integration.get("IntegrationUri")).isEqualTo("");
    assertThat(integration.get("RequestTemplates")).isEqualTo(Map.of("$default", "{\"statusCode\": 200}"));
    assertThat(integration.get("TemplateSelectionExpression")).isEqualTo("\\$default");
    assertThat(properties(route)).doesNotContainKey("RouteResponseSelectionExpression");
    assertThat(properties(route).get("AuthorizationType")).isEqualTo("NONE");
    stack.template.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", 0);
    assertThat(stack.resources("AWS::Lambda::Permission").values())
        .noneMatch(permission -> mentions(properties(permission).get("SourceArn"), "ping"));
  }

  @Test
  void routesAreSelectedByTheActionField() {
    stack.template.hasResourceProperties(
        "AWS::ApiGatewayV2::Api",
        Map.of("ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
  }

  @Test
  void connectNeedsNoAuthorizerBecauseTheHandlerVerifiesTheToken() {
    stack.template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
  }

  @Test
  void oneStageNamedFromContextDeploysAutomatically() {
    stack.template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
    stack.template.hasResourceProperties(
        "AWS::ApiGatewayV2::Stage", Map.of("StageName", "prod", "AutoDeploy", true));
    SynthesizedStack dev = SynthesizedStack.withContext(CustomizedContext.VALUES);
    dev.template.hasResourceProperties(
        "AWS::ApiGatewayV2::Stage", Map.of("StageName", CustomizedContext.STAGE));
  }

  @Test
  void outputsTheWebSocketAndConnectionsUrlsOfTheStage() {
    assertThat(stack.output("WebSocketUrl").map(Object::toString).orElseThrow())
        .contains("wss://", "/prod");
    assertThat(stack.output("ConnectionsUrl").map(Object::toString).orElseThrow())
        .contains("https://", "/prod/@connections");
  }

  @Test
  void handlersPostToTheConnectionsEndpointOfTheStage() {
    Object endpoint =
        map(map(stack.functionProperties(Handler.ROUTER).get("Environment")).get("Variables"))
            .get(Setting.CONNECTIONS_ENDPOINT.envName());

    assertThat(endpoint)
        .isEqualTo(
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        "https://",
                        ref(apiId()),
                        ".execute-api.",
                        ref("AWS::Region"),
                        ".",
                        ref("AWS::URLSuffix"),
                        "/prod"))));
  }

  private String apiId() {
    return stack.resources("AWS::ApiGatewayV2::Api").keySet().iterator().next();
  }

  private Map<String, Object> routeFor(String routeKey) {
    return stack.resources("AWS::ApiGatewayV2::Route").values().stream()
        .filter(route -> routeKey.equals(properties(route).get("RouteKey")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No route " + routeKey));
  }

  /** Target is {"Fn::Join": ["", ["integrations/", {"Ref": integrationId}]]}. */
  private String integrationIdOf(Map<String, Object> route) {
    Object target = properties(route).get("Target");
    return stack.resources("AWS::ApiGatewayV2::Integration").keySet().stream()
        .filter(id -> mentions(target, ref(id).toString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Route targets no integration: " + target));
  }

  static Stream<Handler> routedHandlers() {
    return Arrays.stream(Handler.values()).filter(handler -> handler.routeKey().isPresent());
  }

  /** API Gateway throttles a stage, not a connection: a flood is refused before any function runs. */
  @Test
  void theStageThrottlesEveryRouteAndTheWritingRoutesLower() {
    Map<String, Object> stageProperties =
        SynthesizedStack.properties(stack.resources("AWS::ApiGatewayV2::Stage").values().iterator().next());

    assertThat(SynthesizedStack.map(stageProperties.get("DefaultRouteSettings")))
        .containsEntry("ThrottlingRateLimit", 2000)
        .containsEntry("ThrottlingBurstLimit", 5000);
    Map<String, Object> routes = SynthesizedStack.map(stageProperties.get("RouteSettings"));
    assertThat(SynthesizedStack.map(routes.get("requestChat")))
        .containsEntry("ThrottlingRateLimit", 300)
        .containsEntry("ThrottlingBurstLimit", 600);
    assertThat(routes).containsKeys("$connect", "setStatus", "setAgentStatus", "transferChat", "getPresence");
  }
}
