package chat.presence.functions.explorer;

import chat.presence.functions.fakes.FakeGateway;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.wire.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Chooses the next step of a schedule from a seeded random source and what the world looks like
 * now: which invocations are parked, which tabs are open. The world is only read, so the steps
 * chosen, replayed on a fresh world, give the same run.
 *
 * <p>A few agents, visitors and chat ids, so that steps keep running into each other: every breach
 * the explorer exists to find needs two handlers, or a handler and a timer, on the same agent or
 * chat.
 */
final class ScheduleGenerator {
  private static final List<String> CHATS = List.of("k1", "k2", "k3", "k4");

  /** A kind of step and how often it is chosen; it may decline when the world offers nothing for it. */
  private record Choice(int weight, Supplier<Optional<Op>> step) {}

  private final Random random;
  private final World world;
  private final List<Choice> choices;
  private final int totalWeight;

  ScheduleGenerator(long seed, World world) {
    this.random = new Random(seed);
    this.world = world;
    this.choices =
        List.of(
            new Choice(7, this::connectAgent),
            new Choice(4, () -> Optional.of(new Op.Connect(pick(World.VISITORS), Role.VISITOR, Optional.empty()))),
            new Choice(3, () -> openTab(null).map(t -> new Op.Close(t.id(), random.nextInt(4) == 0))),
            new Choice(3, () -> openTab(null).map(t -> new Op.Reload(t.id()))),
            new Choice(3, () -> openTab(null).map(t -> new Op.LoseNetwork(t.id()))),
            new Choice(3, () -> openTab(null).map(t -> new Op.Mute(t.id()))),
            new Choice(12, () -> openTab(Role.AGENT).map(t -> new Op.SetStatus(t.id(), status()))),
            new Choice(8, () -> openTab(Role.VISITOR).map(t -> new Op.RequestChat(t.id(), pick(CHATS), routing()))),
            new Choice(7, this::endChat),
            new Choice(1, () -> openTab(null).map(t -> new Op.GetChats(t.id()))),
            new Choice(20, this::transferChat),
            new Choice(2, () -> openTab(Role.AGENT).map(t -> new Op.SubscribePresence(t.id()))),
            new Choice(world.offers ? 6 : 0, () -> offered().map(o -> new Op.AcceptChat(o.tab(), o.chatId()))),
            new Choice(world.offers ? 2 : 0, () -> offered().map(o -> new Op.DeclineChat(o.tab(), o.chatId()))),
            new Choice(6, () -> world.disconnectsOwed().isEmpty() ? Optional.empty() : Optional.of(new Op.DeliverDisconnect())),
            new Choice(12, () -> Optional.of(new Op.RouterPass())),
            new Choice(4, () -> Optional.of(new Op.ReaperPass())),
            new Choice(10, () -> Optional.of(new Op.Advance(200 + random.nextInt(3_000)))),
            new Choice(5, () -> Optional.of(new Op.Advance(5_000 + random.nextInt(40_000)))),
            new Choice(6, () -> Optional.of(new Op.PropagateIndex())),
            new Choice(1, () -> Optional.of(new Op.Duplicate(random.nextInt(1000)))));
    this.totalWeight = choices.stream().mapToInt(Choice::weight).sum();
  }

  Op next() {
    List<Scheduler.Actor> parked = world.scheduler.parked();
    // The more invocations wait, the likelier one goes on: interleaving without a pile-up.
    if (!parked.isEmpty() && random.nextInt(100) < Math.min(85, 35 + 10 * parked.size())) {
      int calls = random.nextBoolean() ? 1 : 1 + random.nextInt(8);
      return new Op.Resume(parked.get(random.nextInt(parked.size())).id, fate(), calls);
    }
    while (true) {
      int roll = random.nextInt(totalWeight);
      for (Choice choice : choices) {
        roll -= choice.weight();
        if (roll < 0) {
          Optional<Op> op = choice.step().get();
          if (op.isPresent()) {
            return op.get();
          }
          break;
        }
      }
    }
  }

  private Optional<Op> connectAgent() {
    int status = random.nextInt(3);
    return Optional.of(
        new Op.Connect(
            pick(World.AGENTS.keySet().stream().sorted().toList()),
            Role.AGENT,
            status == 0 ? Optional.empty() : Optional.of(status == 1 ? ChosenStatus.AVAILABLE : ChosenStatus.AWAY)));
  }

  /** Mostly a chat that exists, by whoever has a tab open: only its agent or visitor may end it. */
  private Optional<Op> endChat() {
    List<String> existing =
        world.dynamo.items("chats").stream().map(item -> item.get("chatId").s()).sorted().toList();
    String chatId = existing.isEmpty() || random.nextInt(4) == 0 ? pick(CHATS) : pick(existing);
    return openTab(null).map(t -> new Op.EndChat(t.id(), chatId));
  }

  /**
   * An assigned chat, by one of its agent's open tabs (now and then another agent's, which is
   * refused), to another agent or, in policy mode, to a group.
   */
  private Optional<Op> transferChat() {
    List<Map.Entry<String, String>> assigned =
        world.dynamo.items("chats").stream()
            .filter(item -> "assigned".equals(item.get("chatState").s()))
            .map(item -> Map.entry(item.get("chatId").s(), item.get("agentId").s()))
            .sorted(Map.Entry.comparingByKey())
            .toList();
    if (assigned.isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<String, String> chat = pick(assigned);
    List<World.Tab> tabs =
        world.tabs().values().stream()
            .filter(t -> t.role() == Role.AGENT)
            .filter(t -> random.nextInt(6) == 0 || t.userId().equals(chat.getValue()))
            .filter(t -> world.gateway.state(t.connectionId()) == FakeGateway.State.OPEN)
            .toList();
    if (tabs.isEmpty()) {
      return Optional.empty();
    }
    int tab = pick(tabs).id();
    if (world.mode.policy() && random.nextInt(3) == 0) {
      return Optional.of(new Op.TransferChat(tab, chat.getKey(), Optional.empty(), Optional.of(pick(World.GROUPS))));
    }
    String target = pick(World.AGENTS.keySet().stream().filter(a -> !a.equals(chat.getValue())).sorted().toList());
    return Optional.of(new Op.TransferChat(tab, chat.getKey(), Optional.of(target), Optional.empty()));
  }

  private record Offer(int tab, String chatId) {}

  /** A chat offered to an agent, with one of that agent's open tabs. */
  private Optional<Offer> offered() {
    List<Offer> offers =
        world.dynamo.items("chats").stream()
            .filter(item -> "offered".equals(item.get("chatState").s()))
            .flatMap(
                item ->
                    world.tabs().values().stream()
                        .filter(t -> t.userId().equals(item.get("agentId").s()))
                        .filter(t -> world.gateway.state(t.connectionId()) == FakeGateway.State.OPEN)
                        .map(t -> new Offer(t.id(), item.get("chatId").s())))
            .toList();
    return offers.isEmpty() ? Optional.empty() : Optional.of(pick(offers));
  }

  /**
   * What a visitor asks of routing: in policy mode a group (one that no agent serves among them), a
   * priority and a preferred agent, each now and then; otherwise nothing, and no random draw, so that
   * the other modes' seeds generate what they did before routing policy existed.
   */
  private ChatRouting routing() {
    if (!world.mode.policy()) {
      return ChatRouting.ANYONE;
    }
    Optional<String> group = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(pick(World.GROUPS));
    int priority = random.nextInt(3) == 0 ? 5 + random.nextInt(5) : 0;
    Optional<String> preferred =
        random.nextInt(3) == 0 ? Optional.of(pick(World.AGENTS.keySet().stream().sorted().toList())) : Optional.empty();
    return new ChatRouting(group, priority, preferred);
  }

  private ChosenStatus status() {
    return random.nextBoolean() ? ChosenStatus.AVAILABLE : ChosenStatus.AWAY;
  }

  private Fate fate() {
    int roll = random.nextInt(100);
    if (roll < 80) {
      return Fate.PROCEED;
    }
    return Fate.values()[1 + (roll - 80) / 4];
  }

  private Optional<World.Tab> openTab(Role role) {
    List<World.Tab> open =
        world.tabs().values().stream()
            .filter(t -> role == null || t.role() == role)
            .filter(t -> world.gateway.state(t.connectionId()) == FakeGateway.State.OPEN)
            .toList();
    return open.isEmpty() ? Optional.empty() : Optional.of(open.get(random.nextInt(open.size())));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
