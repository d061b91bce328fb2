package chat.presence.functions.store;

import chat.presence.model.presence.AgentState;

/**
 * An agent after a write, with the version the write gave it. The version tells eligibility changes
 * apart, so that the routing queue does not mistake the second for a duplicate of the first.
 */
public record AgentWrite(AgentState agent, long version) {}
