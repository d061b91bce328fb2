package chat.presence.functions.presence;

import java.time.Duration;

/**
 * How the reaper runs.
 *
 * @param interval how often the reaper runs: a silent connection is dropped only when it was
 *     already silent at the previous pass, so one pass never acts on a fault it sees beginning
 * @param queueCheckAfter how long a chat may wait before its site's router is nudged: the safety
 *     net for a routing hint that was lost
 */
public record ReaperSettings(Duration interval, Duration queueCheckAfter) {}
