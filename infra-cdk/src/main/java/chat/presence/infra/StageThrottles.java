package chat.presence.infra;

import chat.presence.model.wire.Actions;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;

/**
 * How many messages a second the stage takes, over all clients (API Gateway throttles a stage, not
 * a connection): every route by default, and lower limits on the routes that write, so that a flood
 * of one kind of request is refused at the gateway before it costs a Lambda invocation and
 * DynamoDB writes. The default covers 10,000 agents keeping two connections alive every 30 s (667
 * messages a second) with room to spare; the account's own limit is 10,000 a second.
 */
final class StageThrottles {
  static final ThrottleSettings DEFAULT = ThrottleSettings.builder().rateLimit(2_000).burstLimit(5_000).build();

  /** Requests a second in the long run, and at once. */
  record Limit(int rate, int burst) {}

  /**
   * The routes that write or read much: new connections as API Gateway's own default allows them,
   * and chat requests well above the 200 a second one site is sized for.
   */
  static final Map<String, Limit> ROUTES =
      Map.of(
          "$connect", new Limit(500, 1_000),
          Actions.REQUEST_CHAT, new Limit(300, 600),
          Actions.SET_STATUS, new Limit(200, 400),
          Actions.SET_AGENT_STATUS, new Limit(50, 100),
          Actions.TRANSFER_CHAT, new Limit(50, 100),
          Actions.GET_PRESENCE, new Limit(100, 200));

  private StageThrottles() {}

  static void apply(WebSocketStage stage) {
    CfnStage cfn = (CfnStage) stage.getNode().getDefaultChild();
    // RouteSettings is plain JSON to CloudFormation, so its keys are spelled as the template wants
    // them (a RouteSettingsProperty would be written camel-cased).
    Map<String, Object> routes = new TreeMap<>();
    ROUTES.forEach(
        (route, limit) ->
            routes.put(route, Map.of("ThrottlingRateLimit", limit.rate(), "ThrottlingBurstLimit", limit.burst())));
    cfn.setRouteSettings(routes);
  }
}
