package chat.presence.infra;

import static chat.presence.infra.SynthesizedStack.asList;
import static chat.presence.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LeastPrivilegeTest {
  private final SynthesizedStack stack = SynthesizedStack.withDefaults();

  @Test
  void noStatementAllowsAllActionsOfAService() {
    List<Object> actions =
        everyConfiguration()
            .flatMap(SynthesizedStack::allStatements)
            .flatMap(statement -> asList(statement.get("Action")).stream())
            .toList();

    assertThat(actions).isNotEmpty();
    assertThat(actions)
        .allSatisfy(action -> assertThat((String) action).isNotEqualTo("*").doesNotEndWith(":*"));
  }

  /** Metrics are written as Embedded Metric Format log lines, so no statement needs "*". */
  @Test
  void noStatementHasAStarResource() {
    List<Map<String, Object>> starStatements =
        everyConfiguration()
            .flatMap(SynthesizedStack::allStatements)
            .filter(statement -> asList(statement.get("Resource")).contains("*"))
            .toList();

    assertThat(starStatements).isEmpty();
  }

  @Test
  void rolesCarryNoManagedPolicies() {
    assertThat(stack.resources("AWS::IAM::Role").values())
        .allSatisfy(role -> assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
  }

  @Test
  void onlyConnectHandlerReadsTheJwtSecret() {
    for (Handler handler : Handler.values()) {
      assertThat(actionsOf(handler).contains("secretsmanager:GetSecretValue"))
          .as(handler + " reads the secret")
          .isEqualTo(handler == Handler.CONNECT);
    }
  }

  @Test
  void statelessRoutesMayOnlyPostToConnectionsAndWriteTheirLogs() {
    for (Handler handler : List.of(Handler.DEFAULT_ROUTE, Handler.HEARTBEAT)) {
      assertThat(actionsOf(handler))
          .containsExactlyInAnyOrder(
              "execute-api:ManageConnections", "logs:CreateLogStream", "logs:PutLogEvents");
      assertThat(resourcesOf(handler, "execute-api:ManageConnections"))
          .singleElement()
          .satisfies(arn -> assertThat(arn.toString()).endsWith("/prod/POST/@connections/*]]}"));
    }
  }

  @Test
  void onlyTheReaperClosesConnectionsAndOnlyItRouterTransferAndAuditAskAboutThem() {
    for (Handler handler : Handler.values()) {
      String arns = resourcesOf(handler, "execute-api:ManageConnections").toString();
      assertThat(arns.contains("/DELETE/@connections/*"))
          .as(handler + " may close connections")
          .isEqualTo(handler == Handler.REAPER);
      assertThat(arns.contains("/GET/@connections/*"))
          .as(handler + " may ask the gateway about connections")
          .isEqualTo(
              Set.of(Handler.ROUTER, Handler.REAPER, Handler.AUDIT, Handler.TRANSFER_CHAT).contains(handler));
    }
  }

  /**
   * A returning visitor's connect tells the agents of its chats, and a connection of theirs found
   * gone on the way is forgotten: hence queries, deletes and posts beside the connect's own writes.
   */
  @Test
  void connectHandlerHasExactlyItsListedAccess() {
    assertThat(actionsOf(Handler.CONNECT).stream().distinct())
        .containsExactlyInAnyOrder(
            "dynamodb:PutItem",
            "dynamodb:GetItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "execute-api:ManageConnections",
            "sqs:SendMessage",
            "secretsmanager:GetSecretValue",
            "logs:CreateLogStream",
            "logs:PutLogEvents");
  }

  /** The router's backoff; the timer forwarder has it only through its event source. */
  @Test
  void onlyTheQueuesConsumersChangeAMessagesVisibility() {
    for (Handler handler : Handler.values()) {
      assertThat(actionsOf(handler).contains("sqs:ChangeMessageVisibility"))
          .as(handler.className())
          .isEqualTo(handler == Handler.ROUTER || handler == Handler.TIMER);
    }
  }

  /** Its queue check scans the pending index: without this grant lost routing hints never heal. */
  @Test
  void theReaperMayScanTheQueueIndexForWaitingSites() {
    assertThat(resourcesOf(Handler.REAPER, "dynamodb:Scan").toString())
        .contains("/index/" + Schema.CHATS_PENDING_INDEX);
  }

  /**
   * Every function whose writes can change an agent's presence view (the agent's item) tells the
   * site's subscribers: it queries the subscribers index and posts. No other function reads it.
   */
  @Test
  void exactlyTheFunctionsThatWriteAgentsFanOutPresence() {
    Set<Handler> writeAgents =
        Set.of(
            Handler.CONNECT,
            Handler.DISCONNECT,
            Handler.SET_STATUS,
            Handler.SET_AGENT_STATUS,
            Handler.END_CHAT,
            Handler.ACCEPT_CHAT,
            Handler.DECLINE_CHAT,
            Handler.TRANSFER_CHAT,
            Handler.ROUTER,
            Handler.REAPER);
    for (Handler handler : Handler.values()) {
      String queried = resourcesOf(handler, "dynamodb:Query").toString();
      assertThat(queried.contains("/index/" + Schema.PRESENCE_SUBSCRIBERS_INDEX))
          .as(handler + " queries the presence subscribers")
          .isEqualTo(writeAgents.contains(handler));
      if (writeAgents.contains(handler)) {
        assertThat(resourcesOf(handler, "execute-api:ManageConnections").toString())
            .as(handler + " posts to connections")
            .contains("/POST/@connections/*");
      }
    }
  }

  /** A subscription is an attribute of the caller's own connection record, and the ack a post. */
  @Test
  void subscribingTouchesOnlyTheConnectionsTable() {
    for (Handler handler : List.of(Handler.SUBSCRIBE_PRESENCE, Handler.UNSUBSCRIBE_PRESENCE)) {
      assertThat(actionsOf(handler))
          .containsExactlyInAnyOrder(
              "dynamodb:GetItem",
              "dynamodb:UpdateItem",
              "execute-api:ManageConnections",
              "logs:CreateLogStream",
              "logs:PutLogEvents");
      assertThat(resourcesOf(handler, "dynamodb:UpdateItem").toString())
          .contains("connections")
          .doesNotContain("agents");
    }
  }

  private List<String> actionsOf(Handler handler) {
    return stack.statementsOf(handler).stream()
        .flatMap(statement -> asList(statement.get("Action")).stream())
        .map(String.class::cast)
        .toList();
  }

  private List<Object> resourcesOf(Handler handler, String action) {
    return stack.statementsOf(handler).stream()
        .filter(statement -> asList(statement.get("Action")).contains(action))
        .flatMap(statement -> asList(statement.get("Resource")).stream())
        .toList();
  }

  /** The key source and alarm topic change the policies, so every variant is walked. */
  private static Stream<SynthesizedStack> everyConfiguration() {
    return Stream.of(
        SynthesizedStack.withDefaults(),
        SynthesizedStack.withContext(CustomizedContext.VALUES),
        SynthesizedStack.withContext(KeySourceTest.IMPORTED_SECRET),
        SynthesizedStack.withContext(KeySourceTest.JWKS));
  }
}
