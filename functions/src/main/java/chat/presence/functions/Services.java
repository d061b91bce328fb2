package chat.presence.functions;

import chat.presence.functions.audit.Audit;
import chat.presence.functions.audit.AuditSettings;
import chat.presence.functions.audit.DeadLetterQueue;
import chat.presence.functions.auth.TokenPolicy;
import chat.presence.functions.auth.TokenVerifier;
import chat.presence.functions.aws.ApiGatewayConnections;
import chat.presence.functions.aws.AwsClients;
import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.aws.Metrics;
import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.aws.SqsRoutingQueue;
import chat.presence.functions.aws.SqsTimerQueue;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.functions.presence.ConnectionLifecycle;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.PresenceFanOut;
import chat.presence.functions.presence.ReaperSettings;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.presence.VisitorPresence;
import chat.presence.functions.routing.RoutingHints;
import chat.presence.functions.routing.PassTasks;
import chat.presence.functions.routing.SiteRouter;
import chat.presence.functions.snapstart.RequestPathPriming;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.functions.store.SiteStore;
import chat.presence.functions.store.VisitorChatsStore;
import chat.presence.functions.store.TableNames;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.presence.StalenessBreaker;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.routing.VisitorLimits;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root: builds every collaborator once per process, from the environment; {@link
 * chat.presence.functions.handlers.Handlers} hands each handler exactly the ones it uses. In a Lambda it is built from the function's
 * variables (at init, for SnapStart); the local runtime builds it on the emulators' clients, and the
 * fault-schedule explorer on in-memory fakes and a simulated clock.
 */
public final class Services {

  private final Clock clock;
  private final PresenceRules rules;
  private final ConnectionStore connections;
  private final AgentStore agents;
  private final ChatStore chats;
  private final SiteStore sites;
  private final VisitorChatsStore visitorChats;
  private final VisitorLimits visitorLimits;
  private final ConnectionsGateway gateway;
  private final RoutingQueue routingQueue;
  private final TimerQueue timers;
  private final Metrics metrics;
  private final RoutingHints hints;
  private final VisitorPresence visitors;
  private final ConnectionLifecycle lifecycle;
  private final Notifier notifier;
  private final StatusTimeline timeline;
  private final StalenessBreaker breaker;
  private final ReaperSettings reaperSettings;
  private final RoutingSettings routingSettings;
  private final SiteRouter siteRouter;
  private final Supplier<TokenVerifier> tokens;

  /**
   * @param tokens the token verifier, built on first use (it may fetch a secret)
   * @param routerTasks where router passes run the work beside their queue-order decisions
   */
  public Services(
      DynamoDbClient dynamo,
      RoutingQueue routingQueue,
      TimerQueue timers,
      ConnectionsGateway gateway,
      Map<String, String> env,
      Clock clock,
      Supplier<TokenVerifier> tokens,
      PassTasks routerTasks) {
    TableNames tables = TableNames.fromEnvironment(env);
    this.clock = clock;
    this.rules = new PresenceRules(PresenceSettings.fromEnvironment(env));
    this.connections = new ConnectionStore(dynamo, tables.connections());
    this.agents =
        new AgentStore(dynamo, tables.agents(), new PresenceFanOut(connections, gateway, rules, clock));
    this.chats = new ChatStore(dynamo, tables.chats());
    this.sites = new SiteStore(dynamo, tables.sites());
    this.visitorChats = new VisitorChatsStore(dynamo, tables.visitors());
    this.visitorLimits = VisitorLimits.fromEnvironment(env);
    this.gateway = gateway;
    this.routingQueue = routingQueue;
    this.timers = timers;
    this.metrics = new Metrics(clock);
    this.hints = new RoutingHints(routingQueue, metrics);
    this.visitors = new VisitorPresence(chats, connections, gateway, timers, rules, clock);
    this.lifecycle = new ConnectionLifecycle(connections, agents, visitors, rules);
    this.notifier = new Notifier(connections, agents, gateway, lifecycle, clock);
    this.timeline = new StatusTimeline(agents, rules);
    this.breaker = StalenessBreaker.fromEnvironment(env);
    Duration queueCheckAfter = Setting.QUEUE_CHECK.seconds(env);
    if (queueCheckAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(Setting.QUEUE_CHECK.envName() + " must be at least 1 second");
    }
    this.reaperSettings =
        new ReaperSettings(AuditSettings.fromEnvironment(env).reaperInterval(), queueCheckAfter);
    this.routingSettings = RoutingSettings.fromEnvironment(env);
    this.siteRouter =
        new SiteRouter(
            agents,
            chats,
            sites,
            visitors,
            gateway,
            lifecycle,
            notifier,
            timeline,
            timers,
            rules,
            routingSettings,
            Setting.ROUTER_CHATS_PER_PASS.count(env),
            routerTasks,
            clock);
    this.tokens = memoize(tokens);
  }

  public static Services fromEnvironment(Map<String, String> env) {
    return fromEnvironment(new AwsClients(env), env);
  }

  /** Built from the given clients: the local runtime passes clients with fault injection. */
  public static Services fromEnvironment(AwsClients clients, Map<String, String> env) {
    PresenceSettings presence = PresenceSettings.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    return new Services(
        clients.dynamoDb(),
        new SqsRoutingQueue(clients.sqs(), clients.required(Schema.ROUTING_QUEUE.urlEnvVariable())),
        new SqsTimerQueue(clients.sqs(), clients.required(Setting.TIMER_QUEUE_URL.envName()), clock),
        new ApiGatewayConnections(clients.connections()),
        env,
        clock,
        () -> tokenVerifier(env, clients, presence.defaultMaxChats()),
        PassTasks.onThreads(Setting.ROUTER_THREADS.count(env)));
  }

  /**
   * The process-wide instance of a deployed function, built on first use (at init, for SnapStart),
   * with the request path's priming registered to run before SnapStart's snapshot.
   */
  public static Services shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final Services INSTANCE = fromEnvironment(System.getenv());
    /** Held here because the CRaC context holds its resources weakly. */
    static final RequestPathPriming PRIMING = RequestPathPriming.register(System.getenv());
  }

  public Audit audit(DeadLetterQueue deadLetterQueue, AuditSettings settings) {
    return new Audit(
        agents, chats, connections, gateway, deadLetterQueue, rules, settings, routingSettings, clock);
  }

  public Clock clock() {
    return clock;
  }

  public PresenceRules rules() {
    return rules;
  }

  public ConnectionStore connections() {
    return connections;
  }

  public AgentStore agents() {
    return agents;
  }

  public ChatStore chats() {
    return chats;
  }

  public SiteStore sites() {
    return sites;
  }

  public VisitorChatsStore visitorChats() {
    return visitorChats;
  }

  public VisitorLimits visitorLimits() {
    return visitorLimits;
  }

  public VisitorPresence visitors() {
    return visitors;
  }

  public TimerQueue timers() {
    return timers;
  }

  public ConnectionsGateway gateway() {
    return gateway;
  }

  public RoutingQueue routingQueue() {
    return routingQueue;
  }

  public RoutingHints hints() {
    return hints;
  }

  public ConnectionLifecycle lifecycle() {
    return lifecycle;
  }

  public Notifier notifier() {
    return notifier;
  }

  public StatusTimeline timeline() {
    return timeline;
  }

  public StalenessBreaker breaker() {
    return breaker;
  }

  public Metrics metrics() {
    return metrics;
  }

  public ReaperSettings reaperSettings() {
    return reaperSettings;
  }

  public RoutingSettings routingSettings() {
    return routingSettings;
  }

  public SiteRouter siteRouter() {
    return siteRouter;
  }

  public TokenVerifier tokens() {
    return tokens.get();
  }

  private static TokenVerifier tokenVerifier(Map<String, String> env, AwsClients clients, int maxChats) {
    TokenPolicy policy = TokenPolicy.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    Optional<String> jwks = nonBlank(env.get(Setting.JWKS_URL.envName()));
    if (jwks.isPresent()) {
      return TokenVerifier.rs256(jwks.get(), maxChats, policy, clock);
    }
    Optional<String> secretArn = nonBlank(env.get(Setting.JWT_SECRET_ARN.envName()));
    if (secretArn.isPresent()) {
      try (var secrets = clients.secrets()) {
        return TokenVerifier.hs256(
            secrets.getSecretValue(r -> r.secretId(secretArn.get())).secretString(), maxChats, policy, clock);
      }
    }
    return TokenVerifier.hs256(
        nonBlank(env.get(Setting.JWT_SECRET.envName()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "set one of "
                            + Setting.JWKS_URL.envName()
                            + ", "
                            + Setting.JWT_SECRET_ARN.envName()
                            + " or "
                            + Setting.JWT_SECRET.envName())),
        maxChats,
        policy,
        clock);
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T result = value;
        if (result == null) {
          synchronized (this) {
            result = value;
            if (result == null) {
              result = supplier.get();
              value = result;
            }
          }
        }
        return result;
      }
    };
  }
}
