package chat.presence.functions.store;

import chat.presence.model.wire.Identity;
import java.time.Instant;

/** A stored WebSocket connection and whom it belongs to. */
public record ConnectionRecord(String connectionId, Identity identity, Instant connectedAt) {}
