package chat.presence.functions.explorer;

import chat.presence.functions.fakes.FakeGateway;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.wire.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Chooses the next step of a schedule from a seeded random source and what the world looks like
 * now: which invocations are parked, which tabs are open. The world is only read, so the steps
 * chosen, replayed on a fresh world, give the same run.
 */
final class ScheduleGenerator {
  private static final List<String> CHATS = List.of("k1", "k2", "k3", "k4", "k5", "k6");

  private final Random random;
  private final World world;

  ScheduleGenerator(long seed, World world) {
    this.random = new Random(seed);
    this.world = world;
  }

  Op next() {
    List<Scheduler.Actor> parked = world.scheduler.parked();
    // The more invocations wait, the likelier one goes on: interleaving without a pile-up.
    if (!parked.isEmpty() && random.nextInt(100) < Math.min(85, 35 + 10 * parked.size())) {
      int calls = random.nextBoolean() ? 1 : 1 + random.nextInt(8);
      return new Op.Resume(parked.get(random.nextInt(parked.size())).id, fate(), calls);
    }
    while (true) {
      Optional<Op> op = candidate(random.nextInt(100));
      if (op.isPresent()) {
        return op.get();
      }
    }
  }

  private Optional<Op> candidate(int roll) {
    if (roll < 8) {
      List<String> agents = new ArrayList<>(World.AGENTS.keySet());
      agents.sort(String::compareTo);
      String agent = agents.get(random.nextInt(agents.size()));
      int status = random.nextInt(3);
      return Optional.of(
          new Op.Connect(
              agent,
              Role.AGENT,
              status == 0 ? Optional.empty() : Optional.of(status == 1 ? ChosenStatus.AVAILABLE : ChosenStatus.AWAY)));
    }
    if (roll < 12) {
      return Optional.of(new Op.Connect(pick(World.VISITORS), Role.VISITOR, Optional.empty()));
    }
    if (roll < 18) {
      return Optional.of(new Op.Advance(200 + random.nextInt(3_000)));
    }
    if (roll < 20) {
      return openTab(null).map(t -> new Op.Mute(t.id()));
    }
    if (roll < 26) {
      return openTab(Role.AGENT)
          .map(t -> new Op.SetStatus(t.id(), random.nextBoolean() ? ChosenStatus.AVAILABLE : ChosenStatus.AWAY));
    }
    if (roll < 29) {
      return openTab(null).map(t -> new Op.Close(t.id(), random.nextInt(4) == 0));
    }
    if (roll < 31) {
      return openTab(null).map(t -> new Op.LoseNetwork(t.id()));
    }
    if (roll < 38) {
      return openTab(Role.AGENT)
          .map(t -> new Op.SetStatus(t.id(), random.nextBoolean() ? ChosenStatus.AVAILABLE : ChosenStatus.AWAY));
    }
    if (roll < 45) {
      return openTab(Role.VISITOR).map(t -> new Op.RequestChat(t.id(), pick(CHATS)));
    }
    if (roll < 50) {
      List<String> existing =
          world.dynamo.items("chats").stream().map(item -> item.get("chatId").s()).sorted().toList();
      String chatId = existing.isEmpty() || random.nextInt(4) == 0 ? pick(CHATS) : pick(existing);
      return openTab(null).map(t -> new Op.EndChat(t.id(), chatId));
    }
    if (roll < 52) {
      return openTab(null).map(t -> new Op.GetChats(t.id()));
    }
    if (roll < 58) {
      return world.disconnectsOwed().isEmpty() ? Optional.empty() : Optional.of(new Op.DeliverDisconnect());
    }
    if (roll < 70) {
      return Optional.of(new Op.RouterPass());
    }
    if (roll < 74) {
      return Optional.of(new Op.ReaperPass());
    }
    if (roll < 88) {
      long millis = random.nextInt(4) == 0 ? 5_000 + random.nextInt(40_000) : 200 + random.nextInt(3_000);
      return Optional.of(new Op.Advance(millis));
    }
    if (roll < 97) {
      return Optional.of(new Op.PropagateIndex());
    }
    return Optional.of(new Op.Duplicate(random.nextInt(1000)));
  }

  private Fate fate() {
    int roll = random.nextInt(100);
    if (roll < 84) {
      return Fate.PROCEED;
    }
    return Fate.values()[1 + (roll - 84) / 4];
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
