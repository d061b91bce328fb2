package chat.presence.model.wire;

import chat.presence.model.routing.ChatRouting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who a connection belongs to. It comes from a verified token only, never from a frame.
 *
 * @param maxChats an agent's capacity; irrelevant for visitors
 * @param groups an agent's routing groups; empty for anyone else
 */
public record Identity(String siteId, String userId, Role role, int maxChats, Set<String> groups) {
  public static final int MAX_CHATS_LIMIT = 100;

  public Identity {
    groups = Set.copyOf(groups);
  }

  /** Of no routing group. */
  public Identity(String siteId, String userId, Role role, int maxChats) {
    this(siteId, userId, role, maxChats, Set.of());
  }

  public boolean isAgent() {
    return role == Role.AGENT;
  }

  public boolean isSupervisor() {
    return role == Role.SUPERVISOR;
  }

  /** The key that finds all connections of one user of one site. */
  public String userKey() {
    return userKey(siteId, userId);
  }

  public static String userKey(String siteId, String userId) {
    return siteId + "#" + userId;
  }

  /**
   * Reads the identity from verified token claims, or says what is wrong with them.
   *
   * @return the identity, or empty with the reason in {@code problem}
   */
  public static Result fromClaims(Map<String, Object> claims, int defaultMaxChats) {
    Object sub = claims.get("sub");
    Object site = claims.get("site");
    Object role = claims.get("role");
    if (!(sub instanceof String s) || !Ids.isValid(s)) {
      return Result.invalid("claim 'sub' must be " + Ids.describeRule());
    }
    if (!(site instanceof String st) || !Ids.isValid(st)) {
      return Result.invalid("claim 'site' must be " + Ids.describeRule());
    }
    Optional<Role> parsedRole = role instanceof String r ? Role.fromWire(r) : Optional.empty();
    if (parsedRole.isEmpty()) {
      return Result.invalid("claim 'role' must be 'agent', 'visitor' or 'supervisor'");
    }
    int maxChats = defaultMaxChats;
    Object max = claims.get("maxChats");
    if (max != null) {
      double value = max instanceof Number n ? n.doubleValue() : Double.NaN;
      if (value != Math.rint(value) || value < 1 || value > MAX_CHATS_LIMIT) {
        return Result.invalid("claim 'maxChats' must be a whole number from 1 to " + MAX_CHATS_LIMIT);
      }
      maxChats = (int) value;
    }
    Object groups = claims.get("groups");
    Set<String> parsedGroups = Set.of();
    if (groups != null) {
      if (!(groups instanceof List<?> list)
          || list.size() > ChatRouting.MAX_GROUPS_PER_AGENT
          || !list.stream().allMatch(g -> g instanceof String name && ChatRouting.isValidGroup(name))) {
        return Result.invalid(
            "claim 'groups' must be an array of at most "
                + ChatRouting.MAX_GROUPS_PER_AGENT
                + " strings of "
                + ChatRouting.describeGroupRule());
      }
      parsedGroups = Set.copyOf(list.stream().map(String.class::cast).toList());
    }
    Set<String> agentGroups = parsedRole.get() == Role.AGENT ? parsedGroups : Set.of();
    return new Result(Optional.of(new Identity(st, s, parsedRole.get(), maxChats, agentGroups)), null);
  }

  /** An identity, or the reason the claims give none. */
  public record Result(Optional<Identity> identity, String problem) {
    static Result invalid(String problem) {
      return new Result(Optional.empty(), problem);
    }
  }
}
