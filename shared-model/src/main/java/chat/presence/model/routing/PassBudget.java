package chat.presence.model.routing;

import java.util.Collection;
import java.util.Optional;

/**
 * How much of a site's queue one router pass works through. A pass drives at most {@code
 * chatsPerPass} listed chats and tells at most as many visitors their place, so that it ends well
 * inside the router's timeout however long the queue grows: a pass cut by the timeout is retried
 * whole and would never finish. The chats its events name are always driven (an event batch is
 * small). A pass that stops with work left continues in another ({@link
 * RoutingEvent.PassContinues}), after the last chat it drove, so each continuation moves forward
 * and the chain ends.
 */
public final class PassBudget {
  private final int chatsPerPass;
  private final Optional<String> after;
  private int driven;
  private int announced;
  private Optional<String> lastDriven = Optional.empty();
  private boolean chatsLeft;
  private boolean placesLeft;

  /**
   * @param after a continuation's start: listed chats at or before this pending key are not
   *     driven (the stopped pass drove them)
   */
  public PassBudget(int chatsPerPass, Optional<String> after) {
    if (chatsPerPass < 1) {
      throw new IllegalArgumentException("a pass must drive at least one chat, got " + chatsPerPass);
    }
    this.chatsPerPass = chatsPerPass;
    this.after = after;
  }

  /**
   * The budget of a pass for these events: a continuation's if every event is one (from the
   * earliest of their starts), else a pass from the front of the queue.
   */
  public static PassBudget forEvents(int chatsPerPass, Collection<RoutingEvent> events) {
    Optional<String> after = Optional.empty();
    for (RoutingEvent event : events) {
      if (!(event instanceof RoutingEvent.PassContinues continues)) {
        return new PassBudget(chatsPerPass, Optional.empty());
      }
      if (after.isEmpty() || continues.afterKey().compareTo(after.get()) < 0) {
        after = Optional.of(continues.afterKey());
      }
    }
    return new PassBudget(chatsPerPass, after);
  }

  /**
   * Whether the pass drives this chat, listed in queue order with work for the router; counts it
   * if so.
   */
  public boolean drives(Chat listed, boolean namedByAnEvent) {
    if (namedByAnEvent) {
      return true;
    }
    String key = listed.pendingKey().orElse("");
    if (after.isPresent() && key.compareTo(after.get()) <= 0) {
      return false;
    }
    if (driven == chatsPerPass) {
      chatsLeft = true;
      return false;
    }
    driven++;
    lastDriven = Optional.of(key);
    return true;
  }

  /** Whether the pass may tell one more visitor its place; counts it if so. */
  public boolean announces() {
    if (announced == chatsPerPass) {
      placesLeft = true;
      return false;
    }
    announced++;
    return true;
  }

  /**
   * Where the next pass continues if this one stopped with work left: after the last chat driven,
   * or, with only places left to tell, after every chat.
   */
  public Optional<String> continuesAfter() {
    if (chatsLeft) {
      return lastDriven;
    }
    return placesLeft ? Optional.of(PendingKey.beyondEvery()) : Optional.empty();
  }
}
