package chat.presence.bench.report;

/** One billed item of an estimate: what, how much of it, and what it costs in US dollars. */
public record CostLine(String item, double quantity, String unit, double dollars) {}
