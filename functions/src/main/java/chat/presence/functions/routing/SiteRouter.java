package chat.presence.functions.routing;

import chat.presence.functions.Services;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules.ConnectionVerdict;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingEvent;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.ServerMessages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one site's queue. Events are only hints: the router re-reads the stored state and does
 * what it calls for, so a duplicated or redelivered event assigns nothing twice.
 *
 * <p>An assignment is the agent's conditional write ({@link
 * chat.presence.functions.store.AgentStore#assign}); the chat item records it afterwards. A crash
 * in between leaves a queued chat held by an agent, which the next pass completes instead of
 * assigning again.
 */
public final class SiteRouter {
  private static final Logger LOG = LoggerFactory.getLogger(SiteRouter.class);

  private final Services services;

  public SiteRouter(Services services) {
    this.services = services;
  }

  /** Applies the events of one site, in order, then routes its queue once. */
  public void route(String siteId, List<RoutingEvent> events) {
    Set<String> requested = new LinkedHashSet<>();
    for (RoutingEvent event : events) {
      if (event instanceof RoutingEvent.ChatEnded ended) {
        releaseEnded(siteId, ended.chatId());
      } else if (event instanceof RoutingEvent.AgentOffline offline) {
        declareOffline(siteId, offline.agentId(), Instant.ofEpochMilli(offline.lastDisconnectAtMillis()));
      } else if (event instanceof RoutingEvent.ChatRequested request) {
        requested.add(request.chatId());
      }
    }
    Set<String> stillQueued = new Pass(siteId, requested).run();
    for (String chatId : requested) {
      if (stillQueued.contains(chatId) && services.chats().claimQueuedAnnouncement(siteId, chatId)) {
        services
            .chats()
            .get(siteId, chatId)
            .ifPresent(
                chat ->
                    services
                        .notifier()
                        .toUser(siteId, chat.visitorId(), ServerMessages.chatQueued(chatId, siteId)));
      }
    }
  }

  /** Frees the capacity that an ended chat held, whoever holds it. */
  private void releaseEnded(String siteId, String chatId) {
    Optional<Chat> chat = services.chats().get(siteId, chatId);
    if (chat.isEmpty() || chat.get().state() != ChatState.ENDED) {
      return;
    }
    for (AgentState agent : services.agents().ofSite(siteId)) {
      if (agent.holds(chatId)) {
        services.agents().release(siteId, agent.agentId(), chatId);
      }
    }
  }

  /**
   * Takes the chats back from an agent who has had no connection for longer than the grace period
   * since {@code since}, front of the queue. Superseded (the agent came back, or left again later):
   * nothing.
   */
  private void declareOffline(String siteId, String agentId, Instant since) {
    Instant now = services.clock().instant();
    Optional<AgentState> agent = services.agents().get(siteId, agentId);
    if (agent.isEmpty()
        || !agent.get().lastDisconnectAt().equals(Optional.of(since))
        || !services.rules().offlineDeclarationDue(agent.get(), now)) {
      return;
    }
    for (String chatId : agent.get().activeChats()) {
      services
          .chats()
          .get(siteId, chatId)
          .filter(chat -> chat.isAssignedTo(agentId))
          .ifPresent(chat -> services.chats().requeue(siteId, chatId, agentId, chat.requestedAt()));
      services.agents().releaseFromOffline(siteId, agentId, chatId, since);
    }
    LOG.info("agent {}/{} offline since {}: chats {} back in the queue", siteId, agentId, since, agent.get().activeChats());
  }

  /** One pass over a site's queue, with a working view of its agents. */
  private final class Pass {
    private final String siteId;
    private final Set<String> requested;
    private final Map<String, AgentState> agents = new HashMap<>();
    /** Which agent holds each chat. */
    private final Map<String, String> holders = new HashMap<>();
    private final Set<String> verifiedLive = new HashSet<>();

    Pass(String siteId, Set<String> requested) {
      this.siteId = siteId;
      this.requested = requested;
      for (AgentState agent : services.agents().ofSite(siteId)) {
        agents.put(agent.agentId(), agent);
        agent.activeChats().forEach(chat -> holders.put(chat, agent.agentId()));
      }
    }

    /**
     * Returns the chats left queued. Chats wait in order: none jumps an earlier one. The index may
     * be stale, so a chat is read again before anything is done to it.
     */
    Set<String> run() {
      Set<String> stillQueued = new LinkedHashSet<>();
      boolean noAgentLeft = false;
      for (Chat listed : pendingChats()) {
        String holder = holders.get(listed.chatId());
        if (noAgentLeft && holder == null && listed.state() == ChatState.QUEUED) {
          stillQueued.add(listed.chatId());
          continue;
        }
        Optional<Chat> current = services.chats().get(siteId, listed.chatId());
        if (current.isEmpty() || current.get().pendingKey().isEmpty()) {
          continue;
        }
        Chat chat = current.get();
        if (chat.state() == ChatState.ASSIGNED) {
          announce(chat, chat.agentId().orElseThrow());
        } else if (chat.state() == ChatState.QUEUED) {
          if (holder != null) {
            complete(chat, holder);
          } else {
            Optional<String> agent = assign(chat);
            if (agent.isPresent()) {
              complete(chat, agent.get());
            } else {
              noAgentLeft = true;
              stillQueued.add(chat.chatId());
            }
          }
        }
      }
      return stillQueued;
    }

    /**
     * The queue index is eventually consistent, so chats just requested are read directly and
     * merged in.
     */
    private List<Chat> pendingChats() {
      List<Chat> pending = new ArrayList<>(services.chats().pending(siteId));
      Set<String> listed = new HashSet<>();
      pending.forEach(chat -> listed.add(chat.chatId()));
      for (String chatId : requested) {
        if (!listed.contains(chatId)) {
          services.chats().get(siteId, chatId).filter(c -> c.pendingKey().isPresent()).ifPresent(pending::add);
        }
      }
      pending.sort(Comparator.comparing(chat -> chat.pendingKey().orElse("")));
      return pending;
    }

    /** Tries the eligible agents in order of preference; the stored condition has the last word. */
    private Optional<String> assign(Chat chat) {
      Set<String> tried = new HashSet<>();
      while (true) {
        Optional<AgentState> candidate =
            RoutingRules.rankEligible(agents.values()).stream()
                .filter(a -> !tried.contains(a.agentId()))
                .findFirst();
        if (candidate.isEmpty()) {
          return Optional.empty();
        }
        String agentId = candidate.get().agentId();
        tried.add(agentId);
        if (!verifiedByGateway(candidate.get())) {
          continue;
        }
        Optional<AgentState> assigned = services.agents().assign(siteId, agentId, chat.chatId(), services.clock().instant());
        if (assigned.isPresent()) {
          holders.put(chat.chatId(), agentId);
          agents.put(agentId, assigned.get());
          return Optional.of(agentId);
        }
        refresh(agentId);
        // A write whose answer was lost and that the SDK retried fails its own condition: the
        // agent holding the chat now means the first attempt succeeded.
        if (agents.containsKey(agentId) && agents.get(agentId).holds(chat.chatId())) {
          holders.put(chat.chatId(), agentId);
          return Optional.of(agentId);
        }
      }
    }

    /**
     * Asks the gateway whether one of the agent's connections is live. A connection it reports gone
     * is dropped; a silent one only makes the agent ineligible now, since dropping connections for
     * silence is the reaper's decision, made with the staleness breaker. No stored heartbeat is
     * needed for this.
     */
    private boolean verifiedByGateway(AgentState agent) {
      if (verifiedLive.contains(agent.agentId())) {
        return true;
      }
      boolean live = false;
      Instant now = services.clock().instant();
      for (String connectionId : agent.connections()) {
        Optional<Instant> lastActiveAt = services.gateway().lastActiveAt(connectionId);
        ConnectionVerdict verdict = services.rules().judge(lastActiveAt, now);
        if (verdict == ConnectionVerdict.ALIVE) {
          live = true;
        } else if (verdict == ConnectionVerdict.GONE) {
          services.lifecycle().drop(connectionId, now, TransitionReason.VERIFIED_GONE);
        }
      }
      if (live) {
        verifiedLive.add(agent.agentId());
      } else {
        refresh(agent.agentId());
      }
      return live;
    }

    /**
     * Records the assignment on the chat. If the chat moved on meanwhile (ended, or recorded
     * already), the capacity is given back unless the chat is this agent's.
     */
    private void complete(Chat chat, String agentId) {
      AgentState agent = agents.get(agentId);
      if (services
          .chats()
          .recordAssignment(siteId, chat.chatId(), agentId, agent.lastAssignedAt(), agent.version())) {
        announce(chat, agentId);
        return;
      }
      Optional<Chat> now = services.chats().get(siteId, chat.chatId());
      if (now.isPresent() && now.get().isAssignedTo(agentId)) {
        if (now.get().pendingKey().isPresent()) {
          announce(now.get(), agentId);
        }
        return;
      }
      services.agents().release(siteId, agentId, chat.chatId());
      holders.remove(chat.chatId());
      refresh(agentId);
    }

    private void announce(Chat chat, String agentId) {
      String frame = ServerMessages.chatAssigned(chat.chatId(), siteId, agentId, chat.visitorId());
      AgentState agent = agents.get(agentId);
      if (agent != null) {
        services.notifier().toConnections(agent.connections(), frame);
      }
      services.notifier().toUser(siteId, chat.visitorId(), frame);
      services.chats().recordAnnounced(siteId, chat.chatId(), agentId);
    }

    private void refresh(String agentId) {
      services.agents().get(siteId, agentId).ifPresentOrElse(a -> agents.put(agentId, a), () -> agents.remove(agentId));
    }
  }
}
