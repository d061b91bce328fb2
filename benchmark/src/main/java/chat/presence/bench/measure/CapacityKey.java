package chat.presence.bench.measure;

/** Who consumed capacity, and where: a handler's simple class name and a table name. */
public record CapacityKey(String handler, String table) {}
