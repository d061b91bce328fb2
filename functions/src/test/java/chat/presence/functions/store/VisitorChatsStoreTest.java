package chat.presence.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.model.routing.VisitorLimits.Listing;
import chat.presence.model.schema.Schema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorChatsStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  private final VisitorChatsStore store =
      new VisitorChatsStore(new FakeDynamoDb(Schema.TABLES), Schema.VISITORS.logicalName());

  @Test
  void aFullListAdmitsNothingUntilAListingIsForgotten() {
    Listing a = new Listing("a", NOW);
    assertThat(store.admit("s1", "vic", a, 2, NOW)).isTrue();
    assertThat(store.admit("s1", "vic", new Listing("b", NOW), 2, NOW)).isTrue();

    assertThat(store.admit("s1", "vic", new Listing("c", NOW), 2, NOW)).isFalse();
    assertThat(store.listed("s1", "vic")).containsExactlyInAnyOrder(a, new Listing("b", NOW));

    store.forget("s1", "vic", a);
    assertThat(store.admit("s1", "vic", new Listing("c", NOW), 2, NOW)).isTrue();
    assertThat(store.listed("s1", "vic")).extracting(Listing::chatId).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void eachVisitorOfEachSiteHasItsOwnList() {
    assertThat(store.admit("s1", "vic", new Listing("a", NOW), 1, NOW)).isTrue();

    assertThat(store.admit("s1", "val", new Listing("a", NOW), 1, NOW)).isTrue();
    assertThat(store.admit("s2", "vic", new Listing("a", NOW), 1, NOW)).isTrue();
    assertThat(store.listed("s1", "nobody")).isEmpty();
  }
}
