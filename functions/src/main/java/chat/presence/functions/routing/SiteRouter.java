package chat.presence.functions.routing;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.functions.presence.ConnectionLifecycle;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.QueueWalk;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.routing.RoutingStep;
import chat.presence.model.wire.ServerMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one site's queue: the I/O around the pure {@link QueueWalk}, which decides every step.
 * Events are only hints: the router re-reads the stored state and does what it calls for, so a
 * duplicated, late or replayed event changes nothing that the state does not call for.
 */
public final class SiteRouter {
  private static final Logger LOG = LoggerFactory.getLogger(SiteRouter.class);

  /** A chat needs a handful of steps; more means two passes keep undoing each other's work. */
  private static final int MAX_STEPS_PER_CHAT = 64;

  private final AgentStore agents;
  private final ChatStore chats;
  private final ConnectionsGateway gateway;
  private final ConnectionLifecycle lifecycle;
  private final Notifier notifier;
  private final StatusTimeline timeline;
  private final TimerQueue timers;
  private final PresenceRules rules;
  private final RoutingSettings settings;
  private final Clock clock;

  public SiteRouter(
      AgentStore agents,
      ChatStore chats,
      ConnectionsGateway gateway,
      ConnectionLifecycle lifecycle,
      Notifier notifier,
      StatusTimeline timeline,
      TimerQueue timers,
      PresenceRules rules,
      RoutingSettings settings,
      Clock clock) {
    this.agents = agents;
    this.chats = chats;
    this.gateway = gateway;
    this.lifecycle = lifecycle;
    this.notifier = notifier;
    this.timeline = timeline;
    this.timers = timers;
    this.rules = rules;
    this.settings = settings;
    this.clock = clock;
  }

  /** Routes the site once for the given events, in order; throws if a storage call fails. */
  public void route(String siteId, List<RoutingEvent> events) {
    new Pass(siteId, events).run();
  }

  /** One pass over a site's queue. */
  private final class Pass {
    private final String siteId;
    private final Instant now = clock.instant();
    private final QueueWalk walk;
    /** Chats the events name: read directly, since the queue index may not list them yet. */
    private final Set<String> mentioned = new LinkedHashSet<>();
    private final Set<String> requested = new LinkedHashSet<>();
    /** Chats still waiting for an agent at the end of their steps: queued, or only offered. */
    private final Set<String> waiting = new LinkedHashSet<>();

    Pass(String siteId, List<RoutingEvent> events) {
      this.siteId = siteId;
      this.walk = new QueueWalk(agents.ofSite(siteId), rules, settings, now);
      for (RoutingEvent event : events) {
        if (event instanceof RoutingEvent.ChatRequested request) {
          requested.add(request.chatId());
          mentioned.add(request.chatId());
        } else if (event instanceof RoutingEvent.ChatEnded ended) {
          mentioned.add(ended.chatId());
        } else if (event instanceof RoutingEvent.ChatReturned returned) {
          mentioned.add(returned.chatId());
        } else if (event instanceof RoutingEvent.OfferExpiry expiry) {
          mentioned.add(expiry.chatId());
        }
      }
      mentioned.addAll(walk.chatsOfOfflineAgents());
    }

    void run() {
      for (Chat listed : work()) {
        if (!walk.worthReading(listed)) {
          waiting.add(listed.chatId());
          continue;
        }
        drive(listed.chatId(), chats.get(siteId, listed.chatId()));
      }
      for (String chatId : requested) {
        if (waiting.contains(chatId) && chats.claimQueuedAnnouncement(siteId, chatId)) {
          chats
              .get(siteId, chatId)
              .ifPresent(
                  chat ->
                      notifier.toUser(
                          siteId, chat.visitorId(), ServerMessages.chatQueued(chatId, siteId)));
        }
      }
    }

    /** The chats with work due, in queue order, with the mentioned ones the index missed. */
    private List<Chat> work() {
      List<Chat> listed = new ArrayList<>(chats.pending(siteId, now));
      Set<String> ids = new HashSet<>();
      listed.forEach(chat -> ids.add(chat.chatId()));
      for (String chatId : mentioned) {
        if (!ids.contains(chatId)) {
          chats.get(siteId, chatId).ifPresent(listed::add);
        }
      }
      listed.sort(
          Comparator.comparing((Chat chat) -> chat.pendingKey().orElse(""))
              .thenComparing(Chat::chatId));
      return listed;
    }

    /** Takes the walk's steps for one chat until it is done. */
    private void drive(String chatId, Optional<Chat> current) {
      for (int step = 0; step < MAX_STEPS_PER_CHAT; step++) {
        RoutingStep next = walk.next(chatId, current);
        if (next instanceof RoutingStep.Done) {
          current
              .filter(c -> c.state() == ChatState.QUEUED || c.state() == ChatState.OFFERED)
              .ifPresent(c -> waiting.add(chatId));
          return;
        } else if (next instanceof RoutingStep.Requeue requeue) {
          LOG.info("chat {}/{} of offline agent {} goes back to the queue", siteId, chatId, requeue.agentId());
          current = orReread(chatId, chats.requeue(current.orElseThrow(), requeue.agentId(), requeue.generation()));
        } else if (next instanceof RoutingStep.Release release) {
          agents
              .release(siteId, release.agentId(), chatId, release.generation())
              .ifPresentOrElse(walk::agent, () -> refresh(release.agentId()));
        } else if (next instanceof RoutingStep.Revoke revoke) {
          current = orReread(chatId, chats.revoke(siteId, chatId, revoke.generation()));
        } else if (next instanceof RoutingStep.CheckLive check) {
          walk.live(check.agentId(), isLive(check.agentId()));
        } else if (next instanceof RoutingStep.Grant grant) {
          Optional<AgentState> granted =
              agents.grant(siteId, grant.agentId(), chatId, grant.generation(), now);
          if (granted.isPresent()) {
            walk.granted(chatId, granted.get());
          } else {
            walk.refused(chatId, grant.agentId());
            refresh(grant.agentId());
          }
        } else if (next instanceof RoutingStep.Record record) {
          current =
              orReread(
                  chatId,
                  chats.recordAssignment(
                      siteId,
                      chatId,
                      record.agentId(),
                      record.generation(),
                      record.assignedAt(),
                      record.agentVersion(),
                      record.offer()
                          ? Optional.of(clock.instant().plus(settings.offerTimeout()))
                          : Optional.empty()));
        } else if (next instanceof RoutingStep.Announce announce) {
          Chat chat = current.orElseThrow();
          if (chat.state() == ChatState.OFFERED) {
            offer(chat, announce.agentId());
          } else {
            announce(chat, announce.agentId());
          }
          // Counted from now, not from the pass's start: an attempt that began meanwhile may
          // still have seen the chat queued.
          Instant settleAt = clock.instant().plus(RoutingRules.ATTEMPT_LIFETIME);
          current = orReread(chatId, chats.recordAnnounced(chat, settleAt));
        } else if (next instanceof RoutingStep.Withdraw withdraw) {
          // The chat first, then the agent: a crash in between leaves a holding of an old
          // generation, which the next pass releases (without the unresponsive mark).
          Optional<Chat> returned = chats.returnOffer(current.orElseThrow(), withdraw.agentId());
          if (returned.isPresent()) {
            timeline.markUnresponsive(
                siteId, withdraw.agentId(), chatId, withdraw.generation(), clock.instant());
            notifier.toUser(siteId, withdraw.agentId(), ServerMessages.chatOfferWithdrawn(chatId));
            LOG.info("offer of {}/{} to {} expired unanswered", siteId, chatId, withdraw.agentId());
          }
          current = orReread(chatId, returned);
          refresh(withdraw.agentId());
        } else if (next instanceof RoutingStep.Settle) {
          current =
              orReread(
                  chatId, chats.settle(siteId, chatId, current.orElseThrow().pendingKey().orElseThrow()));
        }
      }
      throw new IllegalStateException(
          "chat " + siteId + "/" + chatId + " still had work after " + MAX_STEPS_PER_CHAT + " steps");
    }

    /**
     * Asks the gateway about the agent's connections. A connection proven gone is dropped; a
     * silent one only makes the agent ineligible now, since dropping connections for silence is the
     * reaper's decision (with the staleness breaker).
     */
    private boolean isLive(String agentId) {
      Optional<AgentState> agent = agents.get(siteId, agentId);
      boolean live = false;
      for (String connectionId : agent.map(AgentState::connections).orElse(Set.of())) {
        Optional<Instant> lastActiveAt = gateway.lastActiveAt(connectionId);
        if (rules.judge(lastActiveAt, now) == ConnectionVerdict.ALIVE) {
          live = true;
        } else if (lastActiveAt.isEmpty()) {
          lifecycle.goneAnswered(siteId, agentId, connectionId, clock.instant());
        }
      }
      refresh(agentId);
      return live;
    }

    /**
     * Offers the chat to the agent, and sets the timer that withdraws the offer when it expires
     * (before recording the announcement: a pass that fails after it sends both again).
     */
    private void offer(Chat chat, String agentId) {
      Instant expiresAt = chat.offerExpiresAt().orElseThrow();
      String frame = ServerMessages.chatOffered(chat.chatId(), siteId, chat.visitorId(), expiresAt);
      agents
          .get(siteId, agentId)
          .ifPresent(agent -> notifier.toConnections(siteId, agentId, agent.connections(), frame));
      timers.schedule(
          new RoutingEvent.OfferExpiry(siteId, chat.chatId(), chat.generation()),
          Duration.between(clock.instant(), expiresAt));
    }

    private void announce(Chat chat, String agentId) {
      String frame = ServerMessages.chatAssigned(chat.chatId(), siteId, agentId, chat.visitorId());
      agents
          .get(siteId, agentId)
          .ifPresent(agent -> notifier.toConnections(siteId, agentId, agent.connections(), frame));
      notifier.toUser(siteId, chat.visitorId(), frame);
    }

    /** The chat as a conditional write left it, or as stored now if the write's condition failed. */
    private Optional<Chat> orReread(String chatId, Optional<Chat> written) {
      return written.isPresent() ? written : chats.get(siteId, chatId);
    }

    private void refresh(String agentId) {
      agents.get(siteId, agentId).ifPresentOrElse(walk::agent, () -> walk.agentGone(agentId));
    }
  }
}
