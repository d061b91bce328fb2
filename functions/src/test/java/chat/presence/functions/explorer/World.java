package chat.presence.functions.explorer;

import chat.presence.functions.Services;
import chat.presence.functions.auth.TokenVerifier;
import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.functions.fakes.FakeFifoQueue;
import chat.presence.functions.fakes.FakeGateway;
import chat.presence.functions.fakes.FakeTimerQueue;
import chat.presence.functions.handlers.Handlers;
import chat.presence.functions.handlers.ReaperHandler;
import chat.presence.functions.handlers.RouterHandler;
import chat.presence.functions.routing.RetryPolicy;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.schema.Schema;
import chat.presence.model.settings.Setting;
import chat.presence.model.wire.Role;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The backend on fakes: the real handlers, router and reaper, built by {@link Services} on an
 * in-memory DynamoDB, API Gateway and SQS FIFO queue, a simulated clock, and a {@link Scheduler}
 * that interleaves their invocations. It applies {@link Op}s and knows the clients' side: which
 * connection is whose.
 */
final class World {
  static final String SITE = "s1";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(29);
  static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(Schema.ROUTER_TIMEOUT_SECONDS);
  static final Duration REAPER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration VISIBILITY = Duration.ofSeconds(6L * Schema.ROUTER_TIMEOUT_SECONDS);
  static final int MAX_RECEIVES = 5;
  /** Fixed, so that a run's router passes finish their chats in the same orders when it replays. */
  static final long ROUTER_TASK_ORDER_SEED = 14;
  /**
   * The longest the eventually consistent indexes lag behind their tables, in simulated time.
   * DynamoDB's global secondary indexes typically catch up within a second; abandoning a visitor's
   * chats relies on its connections showing in the {@code byUser} index within the grace period.
   */
  static final Duration LONGEST_INDEX_LAG = Duration.ofSeconds(5);
  static final Map<String, Integer> AGENTS = Map.of("ann", 2, "bob", 1);
  static final List<String> VISITORS = List.of("vic", "val");
  /** In policy mode: each agent's groups, as its tokens name them. */
  static final Map<String, List<String>> AGENT_GROUPS = Map.of("ann", List.of("billing"), "bob", List.of("sales"));
  /** The groups visitors ask for: one of no agent, whose chats wait for their overflow. */
  static final List<String> GROUPS = List.of("billing", "sales", "support");

  private static final String SECRET = "explorer-secret-of-at-least-thirty-two-bytes";
  private static final String OFFER_TIMEOUT_SECONDS = "20";
  /** Runs with offers also limit the queue wait, so that timeouts meet returned offers. */
  private static final String MAX_QUEUE_WAIT_SECONDS = "60";
  private static final String GROUP_OVERFLOW_SECONDS = "30";
  private static final String STICKY_WAIT_SECONDS = "20";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings the simulated deployment runs with: the production ones, some scaled down. */
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          Setting.OFFLINE_GRACE.envName(), "15",
          Setting.HEARTBEAT_TIMEOUT.envName(), "60",
          Setting.HEARTBEAT_INTERVAL.envName(), "20",
          Setting.DEFAULT_MAX_CHATS.envName(), "2",
          Setting.REAPER_INTERVAL.envName(), "10",
          Setting.QUEUE_CHECK.envName(), "30",
          Setting.VISITOR_RETURN.envName(), "40",
          // A handful of simulated agents must not trip the breaker: it keeps silent agents online
          // on purpose, which the liveness invariants would have to excuse.
          Setting.BREAKER_MINIMUM_AGENTS.envName(), "1000");

  /** One client connection, named by the step that opened it. */
  record Tab(int id, String userId, Role role, String connectionId) {}

  final SimClock clock = new SimClock(START);
  final FakeDynamoDb dynamo = new FakeDynamoDb(Schema.TABLES);
  final FakeGateway gateway = new FakeGateway(clock);
  final FakeFifoQueue queue;
  final FakeTimerQueue timers = new FakeTimerQueue(clock);
  final Mode mode;
  final boolean offers;
  final Scheduler scheduler = new Scheduler(clock);
  final Services services;
  final PresenceRules rules;
  final Truth truth;
  private final Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> routes;
  private final RouterHandler router;
  private final ReaperHandler reaper;
  private final Map<Integer, Tab> tabs = new LinkedHashMap<>();
  private final Map<Integer, Consumer<Scheduler.Actor>> onDone = new HashMap<>();
  private final List<String> disconnectsOwed = new ArrayList<>();
  private final Map<Integer, String> notes = new HashMap<>();
  private final Set<Integer> muted = new HashSet<>();
  /** Router passes started while another was still running. */
  private int overlappingPasses;
  /** Since when the indexes have lagged behind the tables, if they do. */
  private Instant indexBehindSince;

  World(Mode mode) {
    this.mode = mode;
    this.offers = mode.offers();
    this.queue = new FakeFifoQueue(clock, mode.routingVisibility(), MAX_RECEIVES);
    TokenVerifier verifier = TokenVerifier.hs256(SECRET, 2);
    Map<String, String> env = new HashMap<>(ENVIRONMENT);
    env.put(Setting.OFFER_TIMEOUT.envName(), offers ? OFFER_TIMEOUT_SECONDS : "0");
    env.put(Setting.MAX_QUEUE_WAIT.envName(), offers ? MAX_QUEUE_WAIT_SECONDS : "0");
    env.put(Setting.GROUP_OVERFLOW.envName(), mode.policy() ? GROUP_OVERFLOW_SECONDS : "0");
    env.put(Setting.STICKY_WAIT.envName(), mode.policy() ? STICKY_WAIT_SECONDS : "0");
    if (mode.boundedPasses()) {
      env.put(Setting.ROUTER_CHATS_PER_PASS.envName(), "1");
    }
    services =
        new Services(
            dynamo, queue, timers, gateway, env, clock, () -> verifier, new ShuffledPassTasks(ROUTER_TASK_ORDER_SEED));
    rules = services.rules();
    routes = Handlers.routes(services);
    router = Handlers.router(services, RetryPolicy.DEFAULT, pause -> {});
    reaper = Handlers.reaper(services);
    truth = new Truth(this);
    dynamo.addCommitListener(truth::onCommit);
    dynamo.setHook(scheduler);
    gateway.setHook(scheduler);
    queue.setHook(scheduler);
    timers.setHook(scheduler);
  }

  Map<Integer, Tab> tabs() {
    return tabs;
  }

  /** The user a connection belongs to, if a client of the simulation opened it. */
  Optional<Tab> tabOf(String connectionId) {
    return tabs.values().stream().filter(t -> t.connectionId().equals(connectionId)).findFirst();
  }

  /** What a step acted on, where its own text does not say: which call a resumed invocation made. */
  Map<Integer, String> notes() {
    return notes;
  }

  int overlappingPasses() {
    return overlappingPasses;
  }

  List<String> disconnectsOwed() {
    return disconnectsOwed;
  }

  /** Applies step {@code index} of a schedule. */
  void apply(int index, Op op) {
    if (op instanceof Op.Connect connect) {
      connect(index, connect);
    } else if (op instanceof Op.Mute mute) {
      tab(mute.tab()).ifPresent(t -> muted.add(t.id()));
    } else if (op instanceof Op.Close close) {
      tab(close.tab())
          .filter(t -> gateway.state(t.connectionId()) != FakeGateway.State.CONNECTING)
          .ifPresent(
              t -> {
                if (close.dropDisconnect()) {
                  gateway.dropDisconnect(t.connectionId());
                }
                gateway.clientClose(t.connectionId());
              });
    } else if (op instanceof Op.Reload reload) {
      tab(reload.tab())
          .filter(t -> gateway.state(t.connectionId()) == FakeGateway.State.OPEN)
          .ifPresent(
              t -> {
                gateway.clientClose(t.connectionId());
                connect(index, new Op.Connect(t.userId(), t.role(), Optional.empty()));
              });
    } else if (op instanceof Op.LoseNetwork lose) {
      tab(lose.tab()).ifPresent(t -> gateway.networkLoss(t.connectionId()));
    } else if (op instanceof Op.SetStatus set) {
      frame(index, set.tab(), "setStatus", Map.of("status", set.status().wireName()));
    } else if (op instanceof Op.RequestChat request) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("chatId", request.chatId());
      request.routing().group().ifPresent(group -> fields.put("group", group));
      if (request.routing().priority() > 0) {
        fields.put("priority", request.routing().priority());
      }
      request.routing().preferredAgentId().ifPresent(agent -> fields.put("preferredAgentId", agent));
      frame(index, request.tab(), "requestChat", fields);
    } else if (op instanceof Op.EndChat end) {
      frame(index, end.tab(), "endChat", Map.of("chatId", end.chatId()));
    } else if (op instanceof Op.TransferChat transfer) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("chatId", transfer.chatId());
      transfer.toAgentId().ifPresent(agent -> fields.put("toAgentId", agent));
      transfer.toGroup().ifPresent(group -> fields.put("toGroup", group));
      frame(index, transfer.tab(), "transferChat", fields);
    } else if (op instanceof Op.GetChats get) {
      frame(index, get.tab(), "getChats", Map.of());
    } else if (op instanceof Op.SubscribePresence subscribe) {
      frame(index, subscribe.tab(), "subscribePresence", Map.of());
    } else if (op instanceof Op.AcceptChat accept) {
      frame(index, accept.tab(), "acceptChat", Map.of("chatId", accept.chatId()));
    } else if (op instanceof Op.DeclineChat decline) {
      frame(index, decline.tab(), "declineChat", Map.of("chatId", decline.chatId()));
    } else if (op instanceof Op.DeliverDisconnect) {
      if (!disconnectsOwed.isEmpty()) {
        String connectionId = disconnectsOwed.remove(0);
        spawn(index, "disconnect " + connectionId, ROUTE_TIMEOUT,
            () -> routes.get("$disconnect").handleRequest(event(connectionId, "$disconnect", null, Map.of()), null),
            actor -> {});
      }
    } else if (op instanceof Op.RouterPass) {
      routerPass(index);
    } else if (op instanceof Op.ReaperPass) {
      spawn(index, "reaper", REAPER_TIMEOUT, () -> reaper.handleRequest(new ScheduledEvent(), null), actor -> {});
    } else if (op instanceof Op.Resume resume) {
      scheduler
          .actor(resume.actor())
          .ifPresent(
              actor -> {
                notes.put(index, actor + " at " + actor.parkedAt().map(Object::toString).orElse("?"));
                scheduler.resume(actor, resume.fate());
                for (int call = 1; call < resume.calls() && !actor.done(); call++) {
                  scheduler.resume(actor, Fate.PROCEED);
                }
                finishIfDone(actor);
              });
    } else if (op instanceof Op.Advance advance) {
      clock.advance(Duration.ofMillis(advance.millis()));
      if (indexBehindSince != null && !clock.instant().isBefore(indexBehindSince.plus(LONGEST_INDEX_LAG))) {
        dynamo.propagateIndexes();
      }
      gateway.expireIdle();
      heartbeat();
      timers.fireDue(queue);
    } else if (op instanceof Op.PropagateIndex) {
      dynamo.propagateIndexUpdate();
    } else if (op instanceof Op.Duplicate duplicate) {
      var messages = queue.messages();
      if (!messages.isEmpty()) {
        queue.duplicate(messages.get(duplicate.nth() % messages.size()).messageId());
      }
    }
    disconnectsOwed.addAll(gateway.takeDisconnects());
    if (dynamo.pendingIndexUpdates() == 0) {
      indexBehindSince = null;
    } else if (indexBehindSince == null) {
      indexBehindSince = clock.instant();
    }
  }

  private void connect(int index, Op.Connect connect) {
    String connectionId = gateway.beginHandshake();
    tabs.put(index, new Tab(index, connect.userId(), connect.role(), connectionId));
    Map<String, String> query = new HashMap<>();
    query.put("token", token(connect.userId(), connect.role()));
    connect.status().ifPresent(s -> query.put("status", s.wireName()));
    spawn(
        index,
        "connect " + connect.userId() + " " + connectionId,
        ROUTE_TIMEOUT,
        () -> routes.get("$connect").handleRequest(event(connectionId, "$connect", null, query), null),
        actor -> {
          boolean accepted =
              actor.thrown().isEmpty()
                  && actor.result() instanceof APIGatewayV2WebSocketResponse response
                  && response.getStatusCode() / 100 == 2;
          if (accepted) {
            gateway.completeHandshake(connectionId);
          } else {
            gateway.refuseHandshake(connectionId);
          }
        });
  }

  private void frame(int index, int tabId, String action, Map<String, Object> fields) {
    Optional<Tab> tab = tab(tabId);
    if (tab.isEmpty() || !gateway.clientFrame(tab.get().connectionId())) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("requestId", "r" + index);
    body.putAll(fields);
    String connectionId = tab.get().connectionId();
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    spawn(index, action + " " + tab.get().userId() + " " + connectionId, ROUTE_TIMEOUT,
        () -> routes.get(action).handleRequest(event(connectionId, action, json, Map.of()), null),
        actor -> {});
  }

  private void routerPass(int index) {
    var batch = queue.receive(FakeFifoQueue.MAX_BATCH);
    if (batch.isEmpty()) {
      return;
    }
    var event = queue.toLambdaEvent(batch);
    if (scheduler.parked().stream().anyMatch(actor -> actor.name.equals("router"))) {
      overlappingPasses++;
    }
    spawn(index, "router", ROUTER_TIMEOUT, () -> router.handleRequest(event, null),
        actor -> {
          if (actor.thrown().isPresent()) {
            return;
          }
          Set<String> failed =
              ((SQSBatchResponse) actor.result())
                  .getBatchItemFailures().stream()
                      .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                      .collect(Collectors.toSet());
          batch.stream()
              .filter(message -> !failed.contains(message.messageId()))
              .forEach(this::deleteIfStillReceived);
        });
  }

  /**
   * As Lambda's event source does: a message whose visibility ran out during the pass went to
   * another consumer, and the old receipt can no longer delete it.
   */
  private void deleteIfStillReceived(FakeFifoQueue.Received message) {
    try {
      queue.delete(message.receiptHandle());
    } catch (SqsException expired) {
      // It stays in the queue, to be routed again: harmless, since routing is idempotent.
    }
  }

  private void spawn(
      int id, String name, Duration timeout, java.util.function.Supplier<Object> body, Consumer<Scheduler.Actor> done) {
    onDone.put(id, done);
    finishIfDone(scheduler.spawn(id, name, clock.instant().plus(timeout), body));
  }

  private void finishIfDone(Scheduler.Actor actor) {
    if (actor.done()) {
      Consumer<Scheduler.Actor> done = onDone.remove(actor.id);
      if (done != null) {
        done.accept(actor);
      }
      actor.thrown()
          .filter(t -> !(t instanceof ProcessCrash) && !(t instanceof RuntimeException))
          .ifPresent(
              t -> {
                throw new IllegalStateException(actor + " failed in the simulation itself", t);
              });
    }
  }

  /** Every open tab whose client still heartbeats sends a frame. */
  void heartbeat() {
    for (Tab tab : tabs.values()) {
      if (!muted.contains(tab.id()) && gateway.state(tab.connectionId()) == FakeGateway.State.OPEN) {
        gateway.clientFrame(tab.connectionId());
      }
    }
  }

  /** Runs every invocation in flight to its end, letting each call through. */
  void drainActors() {
    for (Scheduler.Actor actor : scheduler.parked()) {
      while (!actor.done()) {
        scheduler.resume(actor, Fate.PROCEED);
      }
      finishIfDone(actor);
    }
    disconnectsOwed.addAll(gateway.takeDisconnects());
  }

  /** The tab, if its connection is still usable by its client. */
  private Optional<Tab> tab(int id) {
    return Optional.ofNullable(tabs.get(id));
  }

  private static APIGatewayV2WebSocketEvent event(
      String connectionId, String routeKey, String body, Map<String, String> query) {
    var context = new APIGatewayV2WebSocketEvent.RequestContext();
    context.setConnectionId(connectionId);
    context.setRouteKey(routeKey);
    context.setStage("sim");
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setBody(body);
    event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
    return event;
  }

  private String token(String userId, Role role) {
    var claims =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .claim("site", SITE)
            .claim("role", role.wireName())
            .expirationTime(new Date(System.currentTimeMillis() + Duration.ofHours(1).toMillis()));
    if (role == Role.AGENT) {
      claims.claim("maxChats", AGENTS.get(userId));
      if (mode.policy()) {
        claims.claim("groups", AGENT_GROUPS.get(userId));
      }
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(SECRET));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isAgent(String userId) {
    return AGENTS.containsKey(userId);
  }

  static ChosenStatus flip(ChosenStatus status) {
    return status == ChosenStatus.AVAILABLE ? ChosenStatus.AWAY : ChosenStatus.AVAILABLE;
  }
}
