package chat.presence.bench.report;

/** A goal of the issue, what the run measured against it, and what limits it when missed. */
public record TargetCheck(String target, String goal, String measured, boolean met, String limitedBy) {}
