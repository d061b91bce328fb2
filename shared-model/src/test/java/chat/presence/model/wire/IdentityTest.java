package chat.presence.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {
  private static final int DEFAULT_MAX = 3;

  private static Map<String, Object> claims(String role) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", "agent-7");
    claims.put("site", "site-1");
    claims.put("role", role);
    claims.put("exp", 1_900_000_000L);
    return claims;
  }

  private static Map<String, Object> with(String claim, Object value) {
    Map<String, Object> claims = claims("agent");
    if (value == null) {
      claims.remove(claim);
    } else {
      claims.put(claim, value);
    }
    return claims;
  }

  private static void assertInvalid(Map<String, Object> claims, String claimNamedInProblem) {
    Identity.Result result = Identity.fromClaims(claims, DEFAULT_MAX);

    assertThat(result.identity()).as("identity from %s", claims).isEmpty();
    assertThat(result.problem()).isNotBlank().contains("'" + claimNamedInProblem + "'");
  }

  @Test
  void validAgentClaimsGiveAnAgentIdentity() {
    Identity.Result result = Identity.fromClaims(claims("agent"), DEFAULT_MAX);

    assertThat(result.problem()).isNull();
    assertThat(result.identity()).contains(new Identity("site-1", "agent-7", Role.AGENT, DEFAULT_MAX));
    assertThat(result.identity().get().isAgent()).isTrue();
  }

  @Test
  void validVisitorClaimsGiveAVisitorIdentity() {
    Map<String, Object> claims = claims("visitor");
    claims.put("sub", "visitor-3");

    Identity identity = Identity.fromClaims(claims, DEFAULT_MAX).identity().orElseThrow();

    assertThat(identity.role()).isEqualTo(Role.VISITOR);
    assertThat(identity.userId()).isEqualTo("visitor-3");
    assertThat(identity.isAgent()).isFalse();
  }

  @Test
  void maxChatsFallsBackToTheConfiguredDefault() {
    assertThat(Identity.fromClaims(claims("agent"), 7).identity().orElseThrow().maxChats()).isEqualTo(7);
  }

  static Stream<Arguments> acceptedMaxChats() {
    return Stream.of(
        Arguments.of(5, 5),
        Arguments.of(5L, 5),
        Arguments.of(5.0d, 5),
        Arguments.of(new BigDecimal("5"), 5),
        Arguments.of(1, 1),
        Arguments.of(100L, 100));
  }

  @ParameterizedTest
  @MethodSource("acceptedMaxChats")
  void explicitMaxChatsOverridesTheDefault(Object claim, int expected) {
    assertThat(Identity.fromClaims(with("maxChats", claim), DEFAULT_MAX).identity().orElseThrow().maxChats())
        .isEqualTo(expected);
  }

  static Stream<Object> rejectedMaxChats() {
    return Stream.of(0, 0L, -1L, 101, 101L, 2.5d, 0.5d, 100.5d, "3", true, Double.NaN,
        Double.POSITIVE_INFINITY, 1e10);
  }

  @ParameterizedTest
  @MethodSource("rejectedMaxChats")
  void maxChatsOutsideOneToHundredOrNotWholeIsRejectedWithAReason(Object claim) {
    assertInvalid(with("maxChats", claim), "maxChats");
  }

  @ParameterizedTest
  @ValueSource(longs = {4_294_967_297L, 4_294_967_396L})
  void maxChatsBeyondTheIntRangeIsRejected(long claim) {
    assertInvalid(with("maxChats", claim), "maxChats");
  }

  static Stream<Object> invalidIds() {
    return Stream.of("", "has space", "a#b", "a/b", "caf\u00e9", "x".repeat(129), 42, null);
  }

  @ParameterizedTest
  @MethodSource("invalidIds")
  void invalidOrMissingSubIsRejectedWithAReason(Object sub) {
    assertInvalid(with("sub", sub), "sub");
  }

  @ParameterizedTest
  @MethodSource("invalidIds")
  void invalidOrMissingSiteIsRejectedWithAReason(Object site) {
    assertInvalid(with("site", site), "site");
  }

  @Test
  void idsOfTheMaximumLengthAreAccepted() {
    String longest = "a".repeat(128);
    Map<String, Object> claims = claims("agent");
    claims.put("sub", longest);
    claims.put("site", longest);

    assertThat(Identity.fromClaims(claims, DEFAULT_MAX).identity()).isPresent();
  }

  static Stream<Object> invalidRoles() {
    return Stream.of("admin", "Agent", "AGENT", "", "system", 1, null);
  }

  @ParameterizedTest
  @MethodSource("invalidRoles")
  void unknownOrMissingRoleIsRejectedWithAReason(Object role) {
    assertInvalid(with("role", role), "role");
  }

  @Test
  void anAgentsGroupsComeFromTheGroupsClaimAndAreNoneWithoutIt() {
    Identity grouped =
        Identity.fromClaims(with("groups", List.of("billing", "Sales EU", "billing")), DEFAULT_MAX)
            .identity()
            .orElseThrow();

    assertThat(grouped.groups()).containsExactlyInAnyOrder("billing", "Sales EU");
    assertThat(Identity.fromClaims(claims("agent"), DEFAULT_MAX).identity().orElseThrow().groups()).isEmpty();
  }

  @Test
  void aVisitorsGroupsClaimIsIgnored() {
    Map<String, Object> claims = claims("visitor");
    claims.put("groups", List.of("billing"));

    assertThat(Identity.fromClaims(claims, DEFAULT_MAX).identity().orElseThrow().groups()).isEmpty();
  }

  static Stream<Object> badGroups() {
    return Stream.of(
        "billing",
        List.of(""),
        List.of("g".repeat(65)),
        List.of("tab\tname"),
        List.of(7),
        Collections.nCopies(21, "g").stream().map(g -> g + UUID.randomUUID()).toList());
  }

  @ParameterizedTest
  @MethodSource("badGroups")
  void groupsThatAreNotAnArrayOfAtMostTwentyNamesAreRejectedWithAReason(Object groups) {
    assertInvalid(with("groups", groups), "groups");
  }

  @Test
  void twentyGroupsOfSixtyFourCharactersAreAccepted() {
    List<String> groups = IntStream.range(0, 20).mapToObj(i -> String.format("%064d", i)).toList();

    assertThat(Identity.fromClaims(with("groups", groups), DEFAULT_MAX).identity().orElseThrow().groups())
        .hasSize(20);
  }

  @Test
  void userKeyJoinsSiteAndUserSoTheSameUserOnAnotherSiteIsSeparate() {
    Identity identity = Identity.fromClaims(claims("agent"), DEFAULT_MAX).identity().orElseThrow();

    assertThat(identity.userKey()).isEqualTo("site-1#agent-7");
    assertThat(identity.userKey()).isEqualTo(Identity.userKey("site-1", "agent-7"));
    assertThat(Identity.userKey("site-2", "agent-7")).isNotEqualTo(identity.userKey());
  }
}
