package chat.presence.functions.routing;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.functions.presence.ConnectionLifecycle;
import chat.presence.functions.presence.Notifier;
import chat.presence.functions.presence.StatusTimeline;
import chat.presence.functions.presence.VisitorPresence;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.SiteStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.PassBudget;
import chat.presence.model.routing.QueuePositions;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  /**
   * How many chats the walk reads in one call: enough to save most reads' round trips, few enough
   * that a pass which finds no agent left has read little for nothing.
   */
  private static final int READ_AHEAD = 16;

  private final AgentStore agents;
  private final ChatStore chats;
  private final SiteStore sites;
  private final VisitorPresence visitors;
  private final ConnectionsGateway gateway;
  private final ConnectionLifecycle lifecycle;
  private final Notifier notifier;
  private final StatusTimeline timeline;
  private final TimerQueue timers;
  private final PresenceRules rules;
  private final RoutingSettings settings;
  private final int chatsPerPass;
  private final PassTasks tasks;
  private final Clock clock;

  public SiteRouter(
      AgentStore agents,
      ChatStore chats,
      SiteStore sites,
      VisitorPresence visitors,
      ConnectionsGateway gateway,
      ConnectionLifecycle lifecycle,
      Notifier notifier,
      StatusTimeline timeline,
      TimerQueue timers,
      PresenceRules rules,
      RoutingSettings settings,
      int chatsPerPass,
      PassTasks tasks,
      Clock clock) {
    this.agents = agents;
    this.chats = chats;
    this.sites = sites;
    this.visitors = visitors;
    this.gateway = gateway;
    this.lifecycle = lifecycle;
    this.notifier = notifier;
    this.timeline = timeline;
    this.timers = timers;
    this.rules = rules;
    this.settings = settings;
    this.chatsPerPass = chatsPerPass;
    this.tasks = tasks;
    this.clock = clock;
  }

  /**
   * Routes the site for the given events, in order; throws if a storage call fails. A pass that
   * ended an assigned chat freed an agent after the chats before it had their turn, so they get
   * another. A pass that reaches its {@link PassBudget} sends itself a continuation.
   */
  public void route(String siteId, List<RoutingEvent> events) {
    if (new Pass(siteId, events).run()) {
      new Pass(siteId, List.of()).run();
    }
  }

  /**
   * One pass over a site's queue. Its thread reads the chats a few at a time and walks them in
   * queue order up to each grant, so that every decision of who takes which chat is made in order;
   * the rest of a granted chat's steps (its record, the posts, its announcement, the grant's
   * presence view) run as {@link PassTasks}, since they touch that chat alone. The walk is
   * thread-safe, so what they learn reaches it.
   */
  private final class Pass {
    private final String siteId;
    private final Instant now = clock.instant();
    private final QueueWalk walk;
    private final PassBudget budget;
    /** Chats the events name: read directly, since the queue index may not list them yet. */
    private final Set<String> mentioned = new LinkedHashSet<>();
    /** Each chat of the pass as last read or written (or as the index listed it, if not read). */
    private final Map<String, Chat> latest = Collections.synchronizedMap(new LinkedHashMap<>());
    private final PassTasks.Batch batch = tasks.batch();
    private volatile boolean freedAnAgent;
    /** The waits of the chats this pass assigned, counted once for the site at its end. */
    private Duration waited = Duration.ZERO;
    private int waits;

    Pass(String siteId, List<RoutingEvent> events) {
      this.siteId = siteId;
      this.walk = new QueueWalk(agents.ofSite(siteId), rules, settings, now);
      this.budget = PassBudget.forEvents(chatsPerPass, events);
      for (RoutingEvent event : events) {
        if (event instanceof RoutingEvent.ChatRequested request) {
          mentioned.add(request.chatId());
        } else if (event instanceof RoutingEvent.ChatDue due) {
          mentioned.add(due.chatId());
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

    /** Returns whether the pass ended an assigned chat, freeing its agent's capacity. */
    boolean run() {
      List<Chat> work = work();
      Map<String, Optional<Chat>> readAhead = new HashMap<>();
      for (int i = 0; i < work.size(); i++) {
        Chat listed = work.get(i);
        latest.put(listed.chatId(), listed);
        if (walk.worthReading(listed) && budget.drives(listed, mentioned.contains(listed.chatId()))) {
          if (!readAhead.containsKey(listed.chatId())) {
            readAhead.putAll(readFrom(work, i));
          }
          steps(listed.chatId(), readAhead.remove(listed.chatId()), true);
        }
      }
      batch.awaitAll();
      if (waits > 0) {
        sites.recordWaits(siteId, waited, waits, clock.instant());
      }
      announcePositions();
      // Sent last: the next pass reads what this one wrote, and a pass that fails sends nothing,
      // its events coming back instead.
      budget
          .continuesAfter()
          .ifPresent(
              after ->
                  timers.schedule(
                      new RoutingEvent.PassContinues(siteId, after, now.toEpochMilli()), Duration.ZERO));
      return freedAnAgent;
    }

    /**
     * Tells each waiting chat's visitor its place when it changed, at most once every {@link
     * QueuePositions#MIN_INTERVAL}, front of the queue first and within the pass's budget; a change
     * that must wait sets a timer for a later pass. A chat that starts waiting also gets the timer
     * of its longest wait.
     */
    private void announcePositions() {
      Map<String, Integer> positions = QueuePositions.of(latest.values());
      Optional<Instant> nextPass = Optional.empty();
      List<Map.Entry<String, Integer>> frontFirst = new ArrayList<>(positions.entrySet());
      frontFirst.sort(Map.Entry.comparingByValue());
      for (Map.Entry<String, Integer> entry : frontFirst) {
        Chat listed = latest.get(entry.getKey());
        if (dueNow(listed, entry.getValue()) && !budget.announces()) {
          continue;
        }
        Optional<Instant> later = announcePosition(listed, entry.getValue());
        if (later.isPresent() && (nextPass.isEmpty() || later.get().isAfter(nextPass.get()))) {
          nextPass = later;
        }
      }
      nextPass.ifPresent(
          at ->
              timers.schedule(
                  new RoutingEvent.QueueCheck(siteId, at.toEpochMilli()),
                  Duration.between(clock.instant(), at)));
    }

    private boolean dueNow(Chat chat, int position) {
      return QueuePositions.nextAnnouncement(chat, position).filter(due -> !due.isAfter(clock.instant())).isPresent();
    }

    /**
     * Tells the visitor the chat's place if it changed and may be told now; returns when it may be
     * told otherwise. The index's copy of the chat may lag behind the last announcement, so a claim
     * that fails is tried once more on a fresh read.
     */
    private Optional<Instant> announcePosition(Chat listed, int position) {
      Optional<Chat> chat = Optional.of(listed);
      for (int attempt = 0; attempt < 2 && chat.isPresent(); attempt++) {
        Optional<Instant> due = QueuePositions.nextAnnouncement(chat.get(), position);
        Instant at = clock.instant();
        if (due.isEmpty()) {
          return Optional.empty();
        }
        if (due.get().isAfter(at)) {
          return due;
        }
        if (chats.claimPositionAnnouncement(chat.get(), position, at)) {
          Chat told = chat.get();
          notifier.toVisitor(siteId, told.visitorId(), ServerMessages.chatQueued(told.chatId(), siteId, position));
          if (told.announcedPosition().isEmpty() && settings.limitsQueueWait()) {
            wakeUp(told.chatId(), told.waitingSince().plus(settings.maxQueueWait()));
          }
          return Optional.empty();
        }
        chat = chats.get(siteId, listed.chatId()).filter(Chat::isWaiting);
      }
      return Optional.empty();
    }

    /**
     * The chats worth reading from {@code work}'s {@code from}th on, at most {@link #READ_AHEAD},
     * read in one call: each is read shortly before the walk comes to it, as when read one by one,
     * only {@code READ_AHEAD} grants earlier at most.
     */
    private Map<String, Optional<Chat>> readFrom(List<Chat> work, int from) {
      List<String> ids = new ArrayList<>(List.of(work.get(from).chatId()));
      for (int next = from + 1; next < work.size() && ids.size() < READ_AHEAD; next++) {
        if (walk.worthReading(work.get(next))) {
          ids.add(work.get(next).chatId());
        }
      }
      Map<String, Chat> found = chats.getAll(siteId, ids);
      Map<String, Optional<Chat>> read = new HashMap<>();
      ids.forEach(id -> read.put(id, Optional.ofNullable(found.get(id))));
      return read;
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

    /**
     * Takes the walk's steps for one chat until it is done; in queue order, only up to its grant,
     * handing the rest to the pass's tasks.
     */
    private void steps(String chatId, Optional<Chat> current, boolean inQueueOrder) {
      for (int step = 0; step < MAX_STEPS_PER_CHAT; step++) {
        current.ifPresentOrElse(chat -> latest.put(chatId, chat), () -> latest.remove(chatId));
        RoutingStep next = walk.next(chatId, current);
        if (inQueueOrder && next instanceof RoutingStep.Record) {
          Optional<Chat> granted = current;
          batch.submit(() -> steps(chatId, granted, false));
          return;
        }
        if (next instanceof RoutingStep.Done) {
          if (mentioned.contains(chatId)) {
            current
                .flatMap(walk::nextVisitorStep)
                .filter(at -> at.isAfter(now))
                .ifPresent(at -> wakeUp(chatId, at));
            current.flatMap(walk::nextWidening).ifPresent(at -> wakeUp(chatId, at));
          }
          return;
        } else if (next instanceof RoutingStep.Requeue requeue) {
          LOG.info("chat {}/{} of offline agent {} goes back to the queue", siteId, chatId, requeue.agentId());
          current =
              orReread(
                  chatId,
                  chats.requeue(current.orElseThrow(), requeue.agentId(), requeue.generation(), clock.instant()));
        } else if (next instanceof RoutingStep.Reread) {
          current = chats.get(siteId, chatId);
        } else if (next instanceof RoutingStep.Release release) {
          release(release.agentId(), chatId, release.generation());
        } else if (next instanceof RoutingStep.EndTransferAttempt ended) {
          release(ended.agentId(), chatId, ended.generation());
          current =
              orReread(chatId, chats.clearTransfer(siteId, chatId, ended.agentId(), ended.generation()));
        } else if (next instanceof RoutingStep.Revoke revoke) {
          current = orReread(chatId, chats.revoke(siteId, chatId, revoke.generation()));
        } else if (next instanceof RoutingStep.CheckLive check) {
          walk.live(check.agentId(), isLive(check.agentId()));
        } else if (next instanceof RoutingStep.Grant grant) {
          Optional<AgentState> granted =
              agents.grantUnpublished(siteId, grant.agentId(), chatId, grant.generation(), grant.group(), now);
          if (granted.isPresent()) {
            walk.granted(chatId, granted.get());
            batch.submit(() -> agents.publish(granted.get()));
          } else {
            walk.refused(chatId, grant.agentId());
            refresh(grant.agentId());
          }
        } else if (next instanceof RoutingStep.Record record) {
          Optional<Chat> recorded =
              chats.recordAssignment(
                  siteId,
                  chatId,
                  record.agentId(),
                  record.generation(),
                  record.assignedAt(),
                  record.agentVersion(),
                  record.offer()
                      ? Optional.of(clock.instant().plus(settings.offerTimeout()))
                      : Optional.empty(),
                  record.decision());
          if (recorded.isPresent() && !record.offer()) {
            countWait(Duration.between(recorded.get().waitingSince(), record.assignedAt()));
          }
          current = orReread(chatId, recorded);
        } else if (next instanceof RoutingStep.Announce announce) {
          Chat chat = current.orElseThrow();
          if (chat.state() == ChatState.OFFERED) {
            // The visitor hears of the chat as queued before any agent can accept it: an accept
            // would beat the places told at the end of the pass.
            if (chat.announcedPosition().isEmpty()) {
              Optional.ofNullable(QueuePositions.of(latestChats()).get(chatId))
                  .ifPresent(place -> announcePosition(chat, place));
            }
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
            notifier.toAgent(siteId, withdraw.agentId(), ServerMessages.chatOfferWithdrawn(chatId));
            LOG.info("offer of {}/{} to {} expired unanswered", siteId, chatId, withdraw.agentId());
          }
          current = orReread(chatId, returned);
          refresh(withdraw.agentId());
        } else if (next instanceof RoutingStep.TimeOut) {
          Chat waited = current.orElseThrow();
          Optional<Chat> ended = chats.endUnchanged(waited, "timeout", clock.instant(), false);
          ended.ifPresent(chat -> tellEnded(waited, chat));
          current = orReread(chatId, ended);
        } else if (next instanceof RoutingStep.CheckVisitor check) {
          walk.visitorLive(check.visitorId(), visitors.isLive(siteId, check.visitorId()));
        } else if (next instanceof RoutingStep.VisitorBack back) {
          Optional<Chat> before = chats.markVisitorBack(siteId, chatId, back.at());
          if (before.filter(chat -> chat.visitor().noticed()).isPresent()) {
            notifier.toAgent(
                siteId, before.get().agentId().orElseThrow(), ServerMessages.chatVisitorReturned(chatId));
          }
          current = chats.get(siteId, chatId);
        } else if (next instanceof RoutingStep.NoticeVisitorLeft notice) {
          current = noticeVisitorLeft(current.orElseThrow(), notice.agentId());
        } else if (next instanceof RoutingStep.Abandon) {
          Chat abandoned = current.orElseThrow();
          Optional<Chat> ended = chats.endUnchanged(abandoned, "visitor_left", clock.instant(), true);
          if (ended.isPresent()) {
            LOG.info("chat {}/{} ends: its visitor left", siteId, chatId);
            tellEnded(abandoned, ended.get());
            freedAnAgent |= abandoned.state() == ChatState.ASSIGNED;
          }
          current = orReread(chatId, ended);
        } else if (next instanceof RoutingStep.Settle) {
          current =
              orReread(
                  chatId, chats.settle(siteId, chatId, current.orElseThrow().pendingKey().orElseThrow()));
        }
      }
      throw new IllegalStateException(
          "chat " + siteId + "/" + chatId + " still had work after " + MAX_STEPS_PER_CHAT + " steps");
    }

    private synchronized void countWait(Duration wait) {
      waited = waited.plus(wait);
      waits++;
    }

    private List<Chat> latestChats() {
      synchronized (latest) {
        return new ArrayList<>(latest.values());
      }
    }

    /**
     * Asks the gateway about the agent's connections. A connection proven gone is dropped; a
     * silent one only makes the agent ineligible now, since dropping connections for silence is the
     * reaper's decision (with the staleness breaker).
     */
    private boolean isLive(String agentId) {
      Optional<AgentState> agent = agents.get(siteId, agentId);
      boolean live = false;
      boolean dropped = false;
      for (String connectionId : agent.map(AgentState::connections).orElse(Set.of())) {
        Optional<Instant> lastActiveAt = gateway.lastActiveAt(connectionId);
        if (rules.judge(lastActiveAt, now) == ConnectionVerdict.ALIVE) {
          live = true;
        } else if (lastActiveAt.isEmpty()) {
          dropped |= lifecycle.goneAnswered(siteId, agentId, connectionId, clock.instant());
        }
      }
      // The read above is fresh unless a connection was dropped since.
      if (dropped || agent.isEmpty()) {
        refresh(agentId);
      } else {
        walk.agent(agent.get());
      }
      return live;
    }

    /**
     * Offers the chat to the agent, and sets the timer that withdraws the offer when it expires
     * (before recording the announcement: a pass that fails after it sends both again).
     */
    private void offer(Chat chat, String agentId) {
      Instant expiresAt = chat.offerExpiresAt().orElseThrow();
      String frame = ServerMessages.chatOffered(chat.chatId(), siteId, chat.visitorId(), expiresAt);
      toAgent(agentId, frame);
      timers.schedule(
          new RoutingEvent.OfferExpiry(siteId, chat.chatId(), chat.generation()),
          Duration.between(clock.instant(), expiresAt));
    }

    /**
     * Tells the agent that the visitor left, and sets the timer that ends the chat when the return
     * window is over (both before the notice is recorded: a pass that fails after them sends them
     * again). A visitor back before the notice was recorded found no notice to answer, so the agent
     * is told of the return here. Returns the chat as now known.
     */
    private Optional<Chat> noticeVisitorLeft(Chat chat, String agentId) {
      notifier.toAgent(siteId, agentId, ServerMessages.chatVisitorLeft(chat.chatId()));
      wakeUp(
          chat.chatId(),
          chat.visitor().endsAt(rules.settings().offlineGrace(), settings.visitorReturn()).orElseThrow());
      Optional<Chat> recorded = chats.recordVisitorLeftNotice(chat, clock.instant());
      if (recorded.isPresent()) {
        return recorded;
      }
      Optional<Chat> now = chats.get(siteId, chat.chatId());
      now.filter(c -> c.isHeldBy(agentId, chat.generation()) && !c.visitor().mayBeAway())
          .ifPresent(back -> notifier.toAgent(siteId, agentId, ServerMessages.chatVisitorReturned(chat.chatId())));
      return now;
    }

    private void wakeUp(String chatId, Instant at) {
      timers.schedule(
          new RoutingEvent.ChatDue(siteId, chatId, at.toEpochMilli()), Duration.between(clock.instant(), at));
    }

    /** Tells both sides that the router ended the chat (the agent only if one held it). */
    private void tellEnded(Chat before, Chat ended) {
      String frame = ServerMessages.chatEnded(ended.chatId(), ended.endedBy().orElseThrow());
      notifier.toVisitor(siteId, ended.visitorId(), frame);
      before.agentId().ifPresent(agentId -> notifier.toAgent(siteId, agentId, frame));
    }

    private void announce(Chat chat, String agentId) {
      Optional<String> transferredFrom = chat.transfer().from();
      String frame =
          transferredFrom
              .map(from -> ServerMessages.chatTransferred(chat.chatId(), from, Optional.of(agentId), Optional.empty()))
              .orElseGet(() -> ServerMessages.chatAssigned(chat.chatId(), siteId, agentId, chat.visitorId()));
      toAgent(agentId, frame);
      notifier.toVisitor(siteId, chat.visitorId(), frame);
      transferredFrom.ifPresent(from -> notifier.toAgent(siteId, from, frame));
    }

    /**
     * Tells the agent on the connections the pass last saw it with (its grant's answer, for a chat
     * just assigned), rather than reading the agent once more.
     */
    private void toAgent(String agentId, String frame) {
      walk.knownAgent(agentId)
          .ifPresentOrElse(
              known -> notifier.toConnections(siteId, agentId, known.connections(), frame),
              () -> notifier.toAgent(siteId, agentId, frame));
    }

    /** The chat as a conditional write left it, or as stored now if the write's condition failed. */
    private Optional<Chat> orReread(String chatId, Optional<Chat> written) {
      return written.isPresent() ? written : chats.get(siteId, chatId);
    }

    /** Frees the agent's holding of the chat for {@code generation}; the walk learns the agent as it is now. */
    private void release(String agentId, String chatId, long generation) {
      agents.release(siteId, agentId, chatId, generation).ifPresentOrElse(walk::agent, () -> refresh(agentId));
    }

    private void refresh(String agentId) {
      agents.get(siteId, agentId).ifPresentOrElse(walk::agent, () -> walk.agentGone(agentId));
    }
  }
}
