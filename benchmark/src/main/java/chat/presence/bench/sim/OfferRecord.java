package chat.presence.bench.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One offer an agent received (once, however many of its connections got it: an offer is known by
 * its chat, agent and {@code expiresAt}), what the stored chat showed right after it arrived, and
 * what became of it.
 */
public final class OfferRecord {
  /** What the stored chat showed when read right after the offer arrived, before any answer. */
  public enum Stored {
    /** The read did not complete (or failed): the offer could not be checked. */
    NOT_READ,
    /** Offered to this agent with this expiry: the offer's grant version is known. */
    AS_RECEIVED,
    /** Already past this offer in a way the protocol allows: ended, or the agent is in its declined set. */
    MOVED_ON,
    /** Anything else: the agent was told of an offer that storage does not hold. */
    OTHERWISE
  }

  /** The offer's end as the agent saw it. */
  public enum Outcome {
    OPEN,
    ACCEPTED,
    DECLINED,
    WITHDRAWN
  }

  private final String chatId;
  private final String siteId;
  private final String agentId;
  private final Instant expiresAt;
  private final long receivedNanos;
  private Stored stored = Stored.NOT_READ;
  private long grantVersion = -1;
  private String storedDetail = "";
  private Outcome outcome = Outcome.OPEN;
  private Outcome withdrawnAfter;
  private long acceptSentNanos = -1;
  private long assignedNanos = -1;
  private long declineSentMillis = -1;

  OfferRecord(String chatId, String siteId, String agentId, Instant expiresAt, long receivedNanos) {
    this.chatId = chatId;
    this.siteId = siteId;
    this.agentId = agentId;
    this.expiresAt = expiresAt;
    this.receivedNanos = receivedNanos;
  }

  public String chatId() {
    return chatId;
  }

  /** The chat's site, as the offer named it. */
  public String siteId() {
    return siteId;
  }

  public String agentId() {
    return agentId;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** When the first of the agent's connections received it, in {@link System#nanoTime()}. */
  public long receivedNanos() {
    return receivedNanos;
  }

  synchronized void stored(Stored what, long version, String detail) {
    stored = what;
    grantVersion = version;
    storedDetail = detail;
  }

  public synchronized Stored stored() {
    return stored;
  }

  /** The agent's version at the grant, as recorded on the chat: places the offer among its status changes. */
  public synchronized OptionalLong grantVersion() {
    return grantVersion < 0 ? OptionalLong.empty() : OptionalLong.of(grantVersion);
  }

  /** What the read found, for a violation's or a skipped check's description. */
  public synchronized String storedDetail() {
    return storedDetail;
  }

  synchronized void acceptSent(long nanos) {
    acceptSentNanos = nanos;
  }

  synchronized void declineSent(long wallMillis) {
    declineSentMillis = wallMillis;
  }

  public synchronized boolean acceptSent() {
    return acceptSentNanos >= 0;
  }

  /** The agent's {@code chat.assigned} after its acceptChat: the offer was accepted. */
  synchronized void assigned(long nanos) {
    if (outcome == Outcome.OPEN && acceptSentNanos >= 0) {
      outcome = Outcome.ACCEPTED;
      assignedNanos = nanos;
    }
  }

  synchronized void declined() {
    if (outcome == Outcome.OPEN) {
      outcome = Outcome.DECLINED;
    }
  }

  /** True for the first notice of the withdrawal; notes one that came after another outcome. */
  synchronized boolean withdrawn() {
    if (outcome == Outcome.OPEN) {
      outcome = Outcome.WITHDRAWN;
      return true;
    }
    if (outcome != Outcome.WITHDRAWN && withdrawnAfter == null) {
      withdrawnAfter = outcome;
    }
    return false;
  }

  public synchronized Outcome outcome() {
    return outcome;
  }

  /** Set when a withdrawal arrived after the offer was already accepted or declined. */
  public synchronized Optional<Outcome> withdrawnAfter() {
    return Optional.ofNullable(withdrawnAfter);
  }

  /** Offer received to chat.assigned received, think time included; empty unless accepted. */
  public synchronized OptionalLong acceptLatencyNanos() {
    return outcome == Outcome.ACCEPTED ? OptionalLong.of(assignedNanos - receivedNanos) : OptionalLong.empty();
  }

  /** acceptChat sent to chat.assigned received: the system's part of the accept. */
  public synchronized OptionalLong acceptRoundTripNanos() {
    return outcome == Outcome.ACCEPTED ? OptionalLong.of(assignedNanos - acceptSentNanos) : OptionalLong.empty();
  }

  /**
   * The latest instant at which the offer may have started to hold the agent's seat, in epoch
   * millis: the router records the offer, with its expiry counted from then, after the grant.
   */
  public long holdStartMillis(Duration timeout) {
    return expiresAt.minus(timeout).toEpochMilli();
  }

  /**
   * The earliest instant at which a declined or withdrawn offer may have given the seat back: the
   * decline's sending, or the expiry (withdrawn only once expired). Empty for other outcomes.
   */
  public synchronized OptionalLong holdEndMillis() {
    if (outcome == Outcome.WITHDRAWN) {
      return OptionalLong.of(expiresAt.toEpochMilli());
    }
    return outcome == Outcome.DECLINED ? OptionalLong.of(declineSentMillis) : OptionalLong.empty();
  }
}
