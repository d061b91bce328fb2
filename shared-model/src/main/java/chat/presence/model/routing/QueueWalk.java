package chat.presence.model.routing;

import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.RoutingStep.Abandon;
import chat.presence.model.routing.RoutingStep.Announce;
import chat.presence.model.routing.RoutingStep.CheckLive;
import chat.presence.model.routing.RoutingStep.CheckVisitor;
import chat.presence.model.routing.RoutingStep.Done;
import chat.presence.model.routing.RoutingStep.EndTransferAttempt;
import chat.presence.model.routing.RoutingStep.Grant;
import chat.presence.model.routing.RoutingStep.NoticeVisitorLeft;
import chat.presence.model.routing.RoutingStep.Record;
import chat.presence.model.routing.RoutingStep.Reread;
import chat.presence.model.routing.RoutingStep.Release;
import chat.presence.model.routing.RoutingStep.Requeue;
import chat.presence.model.routing.RoutingStep.Revoke;
import chat.presence.model.routing.RoutingStep.Settle;
import chat.presence.model.routing.RoutingStep.TimeOut;
import chat.presence.model.routing.RoutingStep.VisitorBack;
import chat.presence.model.routing.RoutingStep.Withdraw;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One router pass over a site, as pure decisions: given what is known of the site's agents and of
 * one chat, it answers what to try next; the router's shell does the I/O and reports back. Nothing
 * here reads a clock or a store.
 *
 * <p>The rules that keep every interleaving safe:
 *
 * <ul>
 *   <li>An agent takes a chat only by a {@link Grant}, the one write that checks eligibility.
 *   <li>Only the walk that made a grant records it ({@link Record}); a holding of the chat's current
 *       generation that this walk did not make is {@link Revoke revoked} (the chat moves to a new
 *       generation) and then released, never completed.
 *   <li>A holding that is not the chat's recorded assignment is released, whatever else happened;
 *       but a holding newer than the chat as read only shows that the read is out of date ({@link
 *       Reread}), since another pass may have granted and recorded it meanwhile.
 *   <li>A chat leaves the index only by {@link Settle}, after the longest an attempt can live, so a
 *       grant that an attempt made and never recorded is always found and released.
 *   <li>A transfer attempt's holding of the chat's next generation stands while the attempt may
 *       complete; after that it is released and the attempt cleared ({@link EndTransferAttempt}).
 *   <li>A chat whose visitor may be gone ends only after the gateway has been asked ({@link
 *       CheckVisitor}), and only by a write that finds the visitor still recorded away.
 * </ul> *
 * <p>Thread-safe: the router finishes granted chats beside the walk, and what they learn comes back
 * to it from their threads.
 */
public final class QueueWalk {
  private final PresenceRules rules;
  private final RoutingSettings settings;
  private final Instant now;
  private final Map<String, AgentState> agents = new TreeMap<>();
  private final Map<String, Boolean> live = new HashMap<>();
  private final Map<String, Boolean> visitorsLive = new HashMap<>();
  private final Map<String, OwnGrant> ownGrants = new HashMap<>();
  /** For each chat, why the walk chose the agent of the grant it last asked for. */
  private final Map<String, AssignmentDecision> decisions = new HashMap<>();
  private final Map<String, Set<String>> refused = new HashMap<>();
  private boolean noAgentLeft;

  public QueueWalk(
      List<AgentState> siteAgents, PresenceRules rules, RoutingSettings settings, Instant now) {
    this.rules = rules;
    this.settings = settings;
    this.now = now;
    siteAgents.forEach(this::agent);
  }

  /**
   * The chats held by agents who are offline: the pass must look at each, wherever the index lists
   * it, since each goes back to the front of the queue.
   */
  public synchronized Set<String> chatsOfOfflineAgents() {
    Set<String> chats = new TreeSet<>();
    for (AgentState agent : agents.values()) {
      if (isOffline(agent.agentId())) {
        chats.addAll(agent.activeChats());
      }
    }
    return chats;
  }

  private boolean isOffline(String agentId) {
    AgentState agent = agents.get(agentId);
    return agent == null || rules.effectiveStatus(agent, now) == EffectiveStatus.OFFLINE;
  }

  /**
   * Whether the chat as listed by the (possibly stale) index needs a fresh read: not when it is a
   * plain queued chat and no agent can take one, which saves reading a long queue for nothing.
   */
  public synchronized boolean worthReading(Chat listed) {
    return !(noAgentLeft
        && listed.state() == ChatState.QUEUED
        && holders(listed.chatId()).isEmpty()
        && !waitedTooLong(listed)
        && visitorDue(listed).isEmpty());
  }

  /**
   * The next step for a chat.
   *
   * @param current the chat as just read (or as the last write left it); empty if it does not exist
   */
  public synchronized RoutingStep next(String chatId, Optional<Chat> current) {
    Optional<ChatTransfer.Attempt> attempt = current.flatMap(chat -> chat.transfer().attempt());
    if (attempt.isPresent() && !attempt.get().mayStillComplete(now)) {
      return new EndTransferAttempt(attempt.get().toAgentId(), chatId, attempt.get().generation());
    }
    for (AgentState holder : holders(chatId)) {
      long generation = holder.holding(chatId).orElseThrow();
      // The target of a transfer under way holds the chat's next generation before the chat says so.
      if (current.isPresent() && current.get().isTransferAttempt(holder.agentId(), generation)) {
        continue;
      }
      if (current.isPresent() && current.get().generation() < generation) {
        return new Reread(chatId);
      }
      if (current.isPresent() && current.get().isHeldBy(holder.agentId(), generation)) {
        continue;
      }
      if (current.isPresent()
          && current.get().state() == ChatState.QUEUED
          && current.get().generation() == generation) {
        if (isOwnGrant(holder.agentId(), chatId, generation)) {
          continue;
        }
        return new Revoke(chatId, generation);
      }
      return new Release(holder.agentId(), chatId, generation);
    }
    if (current.isPresent()
        && (current.get().state() == ChatState.ASSIGNED || current.get().state() == ChatState.OFFERED)
        && isOffline(current.get().agentId().orElseThrow())) {
      Chat chat = current.get();
      return new Requeue(chat.agentId().orElseThrow(), chatId, chat.generation());
    }
    Optional<RoutingStep> forVisitor = current.flatMap(this::forAbsentVisitor);
    if (forVisitor.isPresent()) {
      return forVisitor.get();
    }
    if (current.isEmpty() || current.get().pendingKey().isEmpty()) {
      return new Done(false);
    }
    Chat chat = current.get();
    String key = chat.pendingKey().get();
    return switch (chat.state()) {
      case ENDED -> settleIfDue(chatId, key);
      case ASSIGNED ->
          PendingKey.isAnnouncement(key)
              ? new Announce(chat.agentId().orElseThrow(), chatId)
              : settleIfDue(chatId, key);
      case OFFERED -> nextForOffered(chat, key);
      case QUEUED -> nextForQueued(chat);
    };
  }

  private RoutingStep settleIfDue(String chatId, String key) {
    boolean due = PendingKey.settlingDue(key).map(at -> !at.isAfter(now)).orElse(true);
    return due ? new Settle(chatId) : new Done(false);
  }

  private RoutingStep nextForOffered(Chat chat, String key) {
    String agentId = chat.agentId().orElseThrow();
    if (PendingKey.isAnnouncement(key)) {
      return new Announce(agentId, chat.chatId());
    }
    boolean expired = chat.offerExpiresAt().map(at -> !at.isAfter(now)).orElse(true);
    return expired ? new Withdraw(agentId, chat.chatId(), chat.generation()) : new Done(false);
  }

  private RoutingStep nextForQueued(Chat chat) {
    OwnGrant own = ownGrants.get(chat.chatId());
    if (own != null && own.generation() == chat.generation()) {
      return new Record(
          own.agentId(),
          chat.chatId(),
          own.generation(),
          own.agentVersion(),
          own.at(),
          settings.offers(),
          own.decision());
    }
    if (waitedTooLong(chat)) {
      return new TimeOut(chat.chatId(), chat.generation());
    }
    if (noAgentLeft) {
      return new Done(true);
    }
    List<AgentState> anyone =
        RoutingRules.rankEligible(agents.values()).stream()
            .filter(a -> live.getOrDefault(a.agentId(), true))
            .toList();
    if (anyone.isEmpty()) {
      noAgentLeft = true;
      return new Done(true);
    }
    // Only this chat waits when the agents left are ones it may not go to: the next chat may.
    Set<String> refusedThisChat = refused.getOrDefault(chat.chatId(), Set.of());
    List<AgentState> candidates =
        anyone.stream()
            .filter(a -> !refusedThisChat.contains(a.agentId()))
            .filter(a -> !chat.declinedBy().contains(a.agentId()))
            .filter(a -> mayServe(a, chat))
            .toList();
    Optional<AgentState> candidate = candidates.stream().findFirst();
    Optional<String> preferred = preferredAgent(chat);
    boolean toPreferred = false;
    if (preferred.isPresent()) {
      Optional<AgentState> eligible =
          candidates.stream().filter(a -> a.agentId().equals(preferred.get())).findFirst();
      if (eligible.isPresent()) {
        candidate = eligible;
        toPreferred = true;
      } else if (waitsFor(chat, preferred.get())) {
        return new Done(true);
      }
    }
    if (candidate.isEmpty()) {
      return new Done(true);
    }
    String agentId = candidate.get().agentId();
    if (!live.containsKey(agentId)) {
      return new CheckLive(agentId);
    }
    decisions.put(
        chat.chatId(),
        AssignmentDecision.of(candidate.get(), candidates, toPreferred, chat, overflowed(chat)));
    Optional<String> group = overflowed(chat) ? Optional.empty() : chat.routing().group();
    return new Grant(agentId, chat.chatId(), chat.generation(), group);
  }

  private boolean mayServe(AgentState agent, Chat chat) {
    return RoutingRules.groupAllows(agent, chat, settings, now);
  }

  private boolean overflowed(Chat chat) {
    return RoutingRules.hasOverflowed(chat, settings, now);
  }

  /**
   * The agent the visitor asked for, if it still counts: one that declined the chat or let an offer
   * of it expire does not, nor one the chat may not go to.
   */
  private Optional<String> preferredAgent(Chat chat) {
    return chat.routing()
        .preferredAgentId()
        .filter(id -> !chat.declinedBy().contains(id))
        .filter(id -> agents.containsKey(id) && mayServe(agents.get(id), chat));
  }

  /**
   * Whether the chat still waits for its preferred agent, who cannot take it now: only while that
   * agent is online and the sticky wait is not over. An offline agent is not waited for.
   */
  private boolean waitsFor(Chat chat, String preferredAgentId) {
    return RoutingRules.stickyUntil(chat, settings).map(until -> until.isAfter(now)).orElse(false)
        && !isOffline(preferredAgentId);
  }

  /**
   * When more agents may take the waiting chat than now: it overflows its group, or stops waiting
   * for its preferred agent. The pass that leaves it waiting sets a timer for it.
   */
  public synchronized Optional<Instant> nextWidening(Chat chat) {
    if (chat.state() != ChatState.QUEUED) {
      return Optional.empty();
    }
    return Stream.of(RoutingRules.overflowsAt(chat, settings), RoutingRules.stickyUntil(chat, settings))
        .flatMap(Optional::stream)
        .filter(at -> at.isAfter(now))
        .min(Comparator.naturalOrder());
  }

  private boolean waitedTooLong(Chat chat) {
    return settings.limitsQueueWait()
        && chat.state() == ChatState.QUEUED
        && !chat.waitingSince().plus(settings.maxQueueWait()).isAfter(now);
  }

  /**
   * What the chat's visitor being away calls for now: a waiting chat is abandoned once the grace
   * period is over, an assigned one is first noticed to its agent and abandoned once the return
   * window is over; each only after the gateway found no live connection of the visitor.
   */
  private Optional<RoutingStep> forAbsentVisitor(Chat chat) {
    if (visitorDue(chat).isEmpty()) {
      return Optional.empty();
    }
    Boolean visitorLive = visitorsLive.get(chat.visitorId());
    if (visitorLive == null) {
      return Optional.of(new CheckVisitor(chat.visitorId()));
    }
    if (visitorLive) {
      Instant afterLeaving = chat.visitor().leftAt().orElseThrow().plusMillis(1);
      return Optional.of(new VisitorBack(chat.chatId(), afterLeaving.isAfter(now) ? afterLeaving : now));
    }
    if (chat.state() == ChatState.ASSIGNED && !chat.visitor().noticed()) {
      return Optional.of(new NoticeVisitorLeft(chat.agentId().orElseThrow(), chat.chatId()));
    }
    return Optional.of(new Abandon(chat.chatId()));
  }

  /** When the visitor's absence calls for a step, if it does now. */
  private Optional<Instant> visitorDue(Chat chat) {
    return nextVisitorStep(chat).filter(at -> !at.isAfter(now));
  }

  /**
   * When the chat's visitor being away next calls for a step, now or later: the pass that handles a
   * chat sets a timer for it, since an absence that moved on may have outdated the timers set.
   */
  public synchronized Optional<Instant> nextVisitorStep(Chat chat) {
    Duration grace = rules.settings().offlineGrace();
    VisitorAbsence absence = chat.visitor();
    Optional<Instant> due =
        switch (chat.state()) {
          case QUEUED, OFFERED -> absence.goneFrom(grace);
          case ASSIGNED ->
              absence.noticed() ? absence.endsAt(grace, settings.visitorReturn()) : absence.goneFrom(grace);
          case ENDED -> Optional.empty();
        };
    return due;
  }

  /** The gateway's answer for the visitor's connections, valid for the rest of the pass. */
  public synchronized void visitorLive(String visitorId, boolean isLive) {
    visitorsLive.put(visitorId, isLive);
  }

  /** What is now known of an agent, from a write's answer or a fresh read. */
  public synchronized void agent(AgentState agent) {
    agents.put(agent.agentId(), agent);
  }

  /**
   * The agent as last read or written in this pass: its connections are where the router tells it
   * of a chat (a tab opened since then asks for its chats on connecting).
   */
  public synchronized Optional<AgentState> knownAgent(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  /** The agent's item no longer exists. */
  public synchronized void agentGone(String agentId) {
    agents.remove(agentId);
  }

  /** The gateway's answer for the agent's connections, valid for the rest of the pass. */
  public synchronized void live(String agentId, boolean isLive) {
    live.put(agentId, isLive);
  }

  /** The grant succeeded; {@code after} is the agent as the write left it. */
  public synchronized void granted(String chatId, AgentState after) {
    agent(after);
    ownGrants.put(
        chatId,
        new OwnGrant(
            after.agentId(),
            after.holding(chatId).orElseThrow(),
            after.version(),
            after.lastAssignedAt(),
            Optional.ofNullable(decisions.get(chatId)).filter(d -> d.agentId().equals(after.agentId()))));
  }

  /** The grant's condition failed: the agent was not eligible after all. */
  public synchronized void refused(String chatId, String agentId) {
    refused.computeIfAbsent(chatId, c -> new HashSet<>()).add(agentId);
  }

  private boolean isOwnGrant(String agentId, String chatId, long generation) {
    OwnGrant own = ownGrants.get(chatId);
    return own != null && own.agentId().equals(agentId) && own.generation() == generation;
  }

  private List<AgentState> holders(String chatId) {
    return agents.values().stream()
        .filter(a -> a.holds(chatId))
        .sorted(Comparator.comparing(AgentState::agentId))
        .toList();
  }

  private record OwnGrant(
      String agentId, long generation, long agentVersion, Instant at, Optional<AssignmentDecision> decision) {}
}
