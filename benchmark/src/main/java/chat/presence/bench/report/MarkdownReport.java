package chat.presence.bench.report;

import static chat.presence.bench.report.TargetChecks.fmt;

import chat.presence.bench.init.HandlerInit;
import chat.presence.bench.measure.CapacityTotals;
import chat.presence.bench.measure.LatencySummary;
import chat.presence.bench.measure.QueueBacklogSampler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders a {@link BenchReport} for people; the JSON file holds every figure, the series included. */
public final class MarkdownReport {
  /** Backlog samples shown in the table; the JSON has one per second. */
  private static final int BACKLOG_ROWS = 40;

  private final StringBuilder out = new StringBuilder();

  private MarkdownReport() {}

  public static String render(BenchReport report) {
    return new MarkdownReport().write(report).out.toString();
  }

  private MarkdownReport write(BenchReport r) {
    line("# Presence backend benchmark, " + r.run().startedAt());
    line();
    line(
        String.format(
            "**%s**: %d violations. Wall time %s s on %s (%d cores, Java %s). Time scale x%s: the run's heartbeat"
                + " interval, heartbeat timeout, grace and reaper interval are production's divided by it.",
            r.passed() ? "PASSED" : "FAILED",
            r.violations().size(),
            fmt(r.run().wallSeconds()),
            r.run().machine(),
            r.run().cores(),
            r.run().java(),
            fmt(r.run().timeScale())));
    line();
    line("Command: `" + r.run().command() + "`");
    double[] load = r.run().loadAverage();
    if (load[0] >= 0) {
      line();
      line(
          String.format(
              "Machine load average (1 min): %s at the start, %s at the end; other work on the machine skews"
                  + " every timing below.",
              fmt(load[0]), fmt(load[1])));
    }
    targets(r.targets());
    invariants(r);
    if (r.offers() != null) {
      offers(r);
    }
    latency(r);
    routerAlone(r.routerAlone());
    throughput(r);
    backlog(r.queueBacklog());
    capacity(r.capacity());
    cost(r.cost(), r.presencePush(), r.handlerTimes(), r.logs());
    init(r);
    parameters(r.run().parameters());
    return this;
  }

  private void targets(List<TargetCheck> targets) {
    section("Targets");
    table("target", "goal", "measured", "met", "what limits it");
    for (TargetCheck t : targets) {
      row(t.target(), t.goal(), t.measured(), t.met() ? "yes" : "**no**", t.met() ? "" : t.limitedBy());
    }
  }

  private void invariants(BenchReport r) {
    section("Invariants");
    line(
        "Checked on everything the clients observed: each `chat.assigned` an agent received against the agent's"
            + " acknowledged status at the chat's `assignedAgentVersion`, one agent per chat, the visitor told the"
            + " stored agent, and capacity over the stored assignment and end times; then the auditor.");
    if (r.offers() != null) {
      line();
      line(
          "With offers, each `chat.offered` too: its chat, read as the offer arrived and before any answer, held"
              + " it for that agent with that expiry; the agent's acknowledged status at the grant's version was"
              + " available; the agent was not unresponsive then (no `offer_timeout` entry of its timeline since"
              + " its last status choice or accept); an offer's seat counts towards capacity from its recording"
              + " to its decline, expiry or the chat's end; and no `chat.assigned` reached an agent that had"
              + " not accepted.");
    }
    line();
    if (r.violations().isEmpty()) {
      line("No violations.");
    } else {
      r.violations().forEach(v -> line("- " + v));
    }
    line();
    line("Auditor:");
    line();
    r.audit().forEach(a -> line("    " + a));
    PhaseSummary m = r.main();
    line();
    line(
        String.format(
            "Requests without an answer: %s; error answers: %s; connections closed by the server: %d.",
            m.unanswered().isEmpty() ? "none" : m.unanswered(),
            m.errors().isEmpty() ? "none" : m.errors(),
            m.connectionsLost()));
  }

  private void offers(BenchReport r) {
    section("Offers");
    line(
        String.format(
            "Chats offered with an accept timeout; %s. An offer counts once however many of the agent's"
                + " connections received it.",
            r.run().parameters().get("offers")));
    line();
    table("measure", "main phase", "peak phase");
    OfferSummary m = r.offers();
    OfferSummary p = r.peakOffers();
    offerRow("agents that never answer", m, p, o -> Long.toString(o.neverAcceptingAgents()));
    offerRow("offers", m, p, o -> Long.toString(o.offers()));
    offerRow("accepted", m, p, o -> Long.toString(o.accepted()));
    offerRow("declined", m, p, o -> Long.toString(o.declined()));
    offerRow(
        "expired (withdrawn)",
        m,
        p,
        o -> String.format("%d (%d to agents that never answer)", o.withdrawn(), o.withdrawnFromNeverAccepting()));
    offerRow("no outcome seen", m, p, o -> Long.toString(o.open()));
    offerRow("chats offered", m, p, o -> Long.toString(o.chatsOffered()));
    offerRow("chats re-offered (offered more than once)", m, p, o -> Long.toString(o.chatsReOffered()));
    offerRow(
        "agents made unresponsive",
        m,
        p,
        o ->
            String.format(
                "%d (%d that never answer), %d times",
                o.agentsUnresponsive(), o.agentsUnresponsiveNeverAccepting(), o.unresponsiveEntries()));
    offerRow("acceptChat answered CONFLICT", m, p, o -> Long.toString(o.acceptConflicts()));
    offerRow(
        "chats whose visitor got chat.assigned before any chat.queued",
        m,
        p,
        o -> Long.toString(o.visitorAssignedBeforeQueued()));
    offerRow(
        "offers not checked against status and capacity (chat not read as offered); failed reads",
        m,
        p,
        o -> String.format("%d; %d", o.unchecked(), o.offerReadsFailed()));
    line();
    line(
        "Accept latency (ms, main phase, warm-up chats left out): from the agent receiving chat.offered (the"
            + " server's send, on the same machine) to its chat.assigned after its acceptChat, the simulated"
            + " think time included; and from acceptChat sent to that chat.assigned, the system's part.");
    line();
    table("measure", "count", "p50", "p95", "p99", "max");
    latencyRow("accept: chat.offered to chat.assigned", m.acceptLatency());
    latencyRow("accept: acceptChat to chat.assigned", m.acceptRoundTrip());
    latencyRow("first offer: requestChat to chat.offered", m.firstOffer());
  }

  private void offerRow(String name, OfferSummary main, OfferSummary peak, Function<OfferSummary, String> figure) {
    row(name, figure.apply(main), peak == null ? "" : figure.apply(peak));
  }

  private void latency(BenchReport r) {
    section("Assign latency");
    line(
        "requestChat sent to chat.assigned received by the agent (ms). Chats of the warm-up are left out;"
            + " \"direct\" leaves out chats that waited in the queue for capacity (the visitor got chat.queued).");
    if (r.offers() != null) {
      line();
      line(
          "With offers every chat is announced queued first, so \"direct\" means nothing (it is left out),"
              + " and an assignment includes the agent's think time and any re-offers; the first offer is what"
              + " compares with the floor.");
    }
    line();
    table("measure", "count", "p50", "p95", "p99", "max");
    latencyRow("assign, all chats", r.main().assignAll());
    if (r.offers() == null) {
      latencyRow("assign, direct", r.main().assignDirect());
    } else {
      latencyRow("first offer, all chats", r.offers().firstOffer());
    }
    latencyRow("requestChat ack (request path)", r.main().requestChatAck());
    latencyRow("heartbeat round trip", r.main().heartbeatRoundTrip());
    if (r.peak() != null) {
      latencyRow("assign, peak phase (overloaded)", r.peak().assignAll());
    }
    latencyRow("full-path floor: requestChat to chat.assigned on an idle site, during the load", r.fullPath().total());
    latencyRow("storage floor: one assignment's storage work, after the load", r.floor().total());
    line();
    line(
        String.format(
            "**%s = %s** (%s). The full-path floor times one chat at a time on a site of its own with nothing else"
                + " to route, every %d ms while the main load runs (warm-up left out): the same path as the load's"
                + " chats, on the same machine at the same moment, without their wait behind their site's other"
                + " events. %d of its chats waited for a seat and %d failed; both are left out.",
            r.offers() == null ? "Assign p99 / full-path floor p99" : "First-offer p99 / full-path floor p99",
            fmt(r.assignToFullPathP99()),
            r.offers() == null ? "direct chats" : "every chat, waits for capacity included",
            r.fullPath().periodMillis(),
            r.fullPath().queued(),
            r.fullPath().failed()));
    line();
    line(
        String.format(
            "%s = %s. The storage floor, on the same emulators with no other load, step by step (%d samples, %d"
                + " without a free agent):",
            r.offers() == null ? "Assign p99 / storage floor p99" : "First-offer p99 / storage floor p99",
            fmt(r.assignToFloorP99()),
            r.floor().total().count(),
            r.floor().failedSamples()));
    line();
    table("step", "p50", "p99");
    r.floor().steps().forEach((step, s) -> row(step, fmt(s.p50()), fmt(s.p99())));
  }

  private void routerAlone(RouterAloneFigures a) {
    section("Router alone on a pre-filled queue");
    if (a == null) {
      line("Skipped (--router-alone-chats 0).");
      return;
    }
    var routed = a.routing();
    line(
        String.format(
            "%d chats stored as queued on one site (no routing hint), agents connected and available with a seat for"
                + " each, then one nudge on the routing queue (the reaper's queue check); nothing else runs meanwhile"
                + " but pings. The router's DynamoDB calls are counted from the nudge until the queue is quiet again;"
                + " the rate is from the nudge to the last chat.assigned an agent received.",
            routed.chats()));
    line();
    table("measure", "value");
    row("chats assigned", routed.assigned() + " of " + routed.chats());
    row("nudge to first chat.assigned", fmt(routed.firstSeconds()) + " s");
    row("nudge to last chat.assigned", fmt(routed.seconds()) + " s");
    row("**routing rate, one site**", "**" + fmt(routed.chatsPerSecond()) + " chats/s**");
    row("router invocations (events)", a.invocations().batches() + " (" + a.invocations().messages() + ")");
    row(
        "router write calls (WCU)",
        String.format("%d (%s), %d with a failed condition", a.router().writeCalls(), fmt(a.router().writeUnits()), a.router().failedConditionalWrites()));
    row("router write calls by table", a.writeCallsByTable().toString());
    row("router read calls (RCU)", String.format("%d (%s)", a.router().readCalls(), fmt(a.router().readUnits())));
    row("**writes per chat**", "**" + fmt(a.writesPerChat()) + "** (" + fmt(a.writeUnitsPerChat()) + " WCU)");
    row("reads per chat", fmt(a.readCallsPerChat()));
    var c = a.ceiling();
    row(
        "**emulator's ceiling of conditional writes**",
        String.format(
            "**%s/s** (%d threads, %d agent items, %s s; %d writes, %d failed; latency p50 %s ms, p99 %s ms)",
            fmt(c.writesPerSecond()), c.threads(), c.items(), fmt(c.seconds()), c.writes(), c.failed(), fmt(c.latency().p50()), fmt(c.latency().p99())));
    row("ceiling / writes per chat", fmt(a.boundRate()) + " chats/s");
    row("**rate / (ceiling / writes per chat)**", "**" + fmt(a.rateShare() * 100) + "%**");
    line();
    line(
        "The ceiling is measured right after the drain, with a DynamoDB client built as the handlers build theirs,"
            + " on copies of the site's agent items as the router left them, in a table of their own.");
  }

  private void latencyRow(String name, LatencySummary s) {
    row(name, Integer.toString(s.count()), fmt(s.p50()), fmt(s.p95()), fmt(s.p99()), fmt(s.max()));
  }

  private void throughput(BenchReport r) {
    section("Throughput");
    table("phase", "site", "chats assigned per second");
    r.main().throughputBySite().forEach((site, rate) -> row("main", site, fmt(rate)));
    row("main", "**total**", fmt(r.main().throughputTotal()));
    if (r.peak() != null) {
      r.peak().throughputBySite().forEach((site, rate) -> row("peak (one site)", site, fmt(rate)));
    }
    line();
    phaseLine(r.main());
    if (r.peak() != null) {
      phaseLine(r.peak());
    }
    line(
        String.format(
            "Router (main phase): %d invocations for %d routing events, %d reported failed.",
            r.mainRouter().batches(), r.mainRouter().messages(), r.mainRouter().failedMessages()));
  }

  private void phaseLine(PhaseSummary p) {
    line(
        String.format(
            "- %s: %d agents (%d connections) and %d visitors on %s for %s s, offered %s chats/s: %d requested,"
                + " %d assigned, %d queued first, %d shed (too many waiting), %d not ended when the phase gave up;"
                + " %d status changes, %d heartbeats.",
            p.name(),
            p.agents(),
            p.agentConnections(),
            p.visitorsPerSite() * p.sites(),
            p.sites() == 1 ? "1 site" : p.sites() + " sites",
            fmt(p.loadSeconds()),
            fmt(p.offeredChatsPerSecond()),
            p.chatsRequested(),
            p.chatsAssigned(),
            p.chatsQueuedFirst(),
            p.chatsShed(),
            p.chatsUnsettled(),
            p.statusChangesAcked(),
            p.heartbeats()));
  }

  private void backlog(List<QueueBacklogSampler.Sample> samples) {
    section("Routing queue backlog");
    line("ApproximateNumberOfMessages (waiting) and ...NotVisible (being routed), sampled each second.");
    line();
    long peakWaiting = samples.stream().mapToLong(QueueBacklogSampler.Sample::waiting).max().orElse(0);
    line("Largest backlog: " + peakWaiting + " messages.");
    line();
    table("second", "phase", "waiting", "in flight");
    int step = Math.max(1, (int) Math.ceil(samples.size() / (double) BACKLOG_ROWS));
    for (int i = 0; i < samples.size(); i += step) {
      QueueBacklogSampler.Sample s = samples.get(i);
      row(Long.toString(s.second()), s.phase(), Long.toString(s.waiting()), Long.toString(s.inFlight()));
    }
  }

  private void capacity(CapacityFigures c) {
    section("DynamoDB capacity");
    line(
        "Every handler request carried ReturnConsumedCapacity=TOTAL; dynalite reports units as DynamoDB computes"
            + " them from item sizes, but not the writes to global secondary indexes, which are counted as one per"
            + " index the item is in before or after the write (every index projects all attributes; seen in the"
            + " item put, the image the write returns, or the attributes an update names), and not failed"
            + " conditional writes, counted as one unit each. Main phase, by handler:");
    line();
    table("handler", "read calls", "RCU", "write calls", "WCU", "failed conditional writes");
    for (Map.Entry<String, CapacityTotals> e : c.byHandler().entrySet()) {
      CapacityTotals t = e.getValue();
      row(
          e.getKey(),
          Long.toString(t.readCalls()),
          fmt(t.readUnits()),
          Long.toString(t.writeCalls()),
          fmt(t.writeUnits()),
          Long.toString(t.failedConditionalWrites()));
    }
    line();
    line("Per operation:");
    line();
    table("operation", "count", "RCU each", "WCU each", "index writes each");
    for (OperationCost o : c.operations()) {
      row(o.operation(), Long.toString(o.count()), fmt(o.readUnits()), fmt(o.writeUnits()), fmt(o.indexWrites()));
    }
    OperationCost chat = c.perChatWithVisitorConnection();
    row(chat.operation(), Long.toString(chat.count()), fmt(chat.readUnits()), fmt(chat.writeUnits()), fmt(chat.indexWrites()));
    line();
    line(
        String.format(
            "Per connected agent-hour at production timings (%.0f connections per agent, as the targets are set;"
                + " %.2f in this run's simulation; heartbeat every %d s, connections replaced every %.0f h; the"
                + " reaper, which runs every minute whoever is connected, is priced per month instead):",
            UsageModel.TARGET_CONNECTIONS_PER_AGENT,
            c.connectionsPerAgent(),
            UsageModel.PRODUCTION_HEARTBEAT.toSeconds(),
            UsageModel.CONNECTION_HOURS));
    line();
    table("design", "RCU", "WCU", "WCU with index writes");
    row("this design, steady state", fmt(c.steadyState().reads()), fmt(c.steadyState().writes()), fmt(c.steadyState().writesWithIndexes()));
    row(
        String.format("this design, %.0f status changes an hour", UsageModel.STATUS_CHANGES_PER_AGENT_HOUR),
        fmt(c.withStatusChanges().reads()),
        fmt(c.withStatusChanges().writes()),
        fmt(c.withStatusChanges().writesWithIndexes()));
    row("naive: a write per heartbeat", fmt(c.withStatusChanges().reads()), "", fmt(c.naiveWritesPerAgentHour()));
    line();
    line(
        String.format(
            "Per chat, with its visitor's connection: %s RCU, %s WCU with index writes; the naive design, which"
                + " also writes each of the visitor's %.0f heartbeats: %s WCU.",
            fmt(chat.readUnits()),
            fmt(chat.writesWithIndexes()),
            UsageModel.visitorHeartbeatsPerChat(),
            fmt(c.naiveWritesPerChat())));
    line();
    line(
        String.format(
            "During the load itself (%s agent-hours at production time, with far more status changes than"
                + " production): %s presence WCU per agent-hour; with the naive writer's writes for the same"
                + " heartbeats, %s.",
            fmt(c.loadAgentHours()), fmt(c.loadWritesPerAgentHour()), fmt(c.loadNaiveWritesPerAgentHour())));
  }

  private void cost(CostFigures c, PresencePush pushes, HandlerTimes times, LogVolume logs) {
    section("Cost estimate");
    line("List prices used, with where each is published and when it was known (not verified live):");
    line();
    c.prices().forEach(p -> line("- " + p));
    line();
    line("Assumptions:");
    line();
    c.assumptions().forEach(a -> line("- " + a));
    line();
    line("Presence per 1,000 agent-hours:");
    line();
    costTable(c.presencePer1000AgentHours());
    row("**total**", "", "", "$" + fmt(c.presenceTotalPer1000AgentHours()));
    line();
    line(
        String.format(
            "DynamoDB's part: $%s; the naive design's: $%s.",
            fmt(c.presenceDynamoDbPer1000AgentHours()), fmt(c.naivePresenceDynamoDbPer1000AgentHours())));
    keepAliveTradeOff(c.keepAliveTradeOff());
    line();
    line(
        String.format(
            "Presence push, checked in the run: a console subscribed on each main site received %d presence.changed"
                + " during the load and its drain, for %d view-changing writes (%d status changes, %d grants, %d"
                + " releases): %s per change. The model sends each change to every subscriber once.",
            pushes.pushesSeen(),
            pushes.viewChanges(),
            pushes.statusChanges(),
            pushes.grants(),
            pushes.releases(),
            fmt(pushes.pushesPerChange())));
    line();
    line("Lambda durations priced (local medians of this run, ms; deployed = local x " + fmt(times.factor()) + "):");
    line();
    times.basis().forEach(b -> line("- " + b));
    line();
    line(
        String.format(
            "CloudWatch Logs: the handlers logged %d bytes in %s lines over %d invocations of the main phase (by handler:"
                + " %s); with Lambda's platform records (%s bytes an invocation, estimated) that is %s bytes an"
                + " invocation, and %s a reaper pass.",
            logs.applicationBytes(),
            logs.linesByHandler().values().stream().mapToLong(Long::longValue).sum(),
            logs.invocations(),
            logs.bytesByHandler().isEmpty() ? "none" : logs.bytesByHandler(),
            fmt(logs.platformBytesPerInvocation()),
            fmt(logs.bytesPerInvocation()),
            fmt(logs.bytesPerReaperPass())));
    line();
    line("Monthly:");
    line();
    table("agents", "agent-hours", "chats", "AWS total", "AWS, naive design", "AWS presence only", "Ably (presence)", "Pusher Channels (presence)");
    for (CostFigures.MonthlyEstimate m : c.monthly()) {
      row(
          String.format("%,d", m.agents()),
          String.format("%,.0f", m.agentHours()),
          String.format("%,.0f", m.chats()),
          "$" + fmt(m.total()),
          "$" + fmt(m.naiveTotal()),
          "$" + fmt(m.presence()),
          "$" + fmt(m.ably()),
          m.pusher() == null ? "not listed" : "$" + fmt(m.pusher()));
    }
    line();
    for (CostFigures.MonthlyEstimate m : c.monthly()) {
      line(String.format("- %,d agents: Ably %s; Pusher %s.", m.agents(), m.ablyBasis(), m.pusherBasis()));
    }
    for (CostFigures.MonthlyEstimate m : c.monthly()) {
      line();
      line(String.format("AWS lines for %,d agents:", m.agents()));
      line();
      costTable(m.lines());
    }
  }

  private void keepAliveTradeOff(List<KeepAliveOption> options) {
    line();
    line(
        String.format(
            "Keep-alive trade-off: presence per 1,000 agent-hours at %.0f connections per agent, `ping` (one"
                + " message, no invocation) against `heartbeat` (frame and ack, one invocation), and the longest a"
                + " silently dropped client still shows online (timeout = interval + %d s; then up to two reaper"
                + " passes of %d s). Targets: <= $%s and <= %d min.",
            UsageModel.TARGET_CONNECTIONS_PER_AGENT,
            UsageModel.LATE_KEEP_ALIVE_ALLOWANCE.toSeconds(),
            UsageModel.REAPER_INTERVAL.toSeconds(),
            fmt(TargetChecks.MAX_PRESENCE_DOLLARS_PER_1000_AGENT_HOURS),
            TargetChecks.MAX_DETECTION.toMinutes()));
    line();
    table("interval", "timeout", "detection bound", "ping", "heartbeat", "ping meets both");
    for (KeepAliveOption o : options) {
      row(
          o.intervalSeconds() + " s",
          o.timeoutSeconds() + " s",
          o.detectionSeconds() + " s",
          "$" + fmt(o.pingDollars()),
          "$" + fmt(o.heartbeatDollars()),
          o.pingMeetsTarget() ? "yes" : "no");
    }
  }

  private void costTable(List<CostLine> lines) {
    table("item", "quantity", "unit", "USD");
    for (CostLine l : lines) {
      row(l.item(), String.format("%,.1f", l.quantity()), l.unit(), "$" + fmt(l.dollars()));
    }
  }

  private void init(BenchReport r) {
    section("Handler init");
    var init = r.init();
    line(
        String.format(
            "Deployable jar `%s`: %s MB.", init.lambdaJar(), fmt(init.lambdaJarBytes() / 1e6)));
    line();
    if (init.skipped() != null) {
      line("Not measured: " + init.skipped());
      return;
    }
    line(
        String.format(
            "Process start to first event handled, in a fresh JVM (`%s %s`) with only the deployable jar and a"
                + " probe class on the class path and real SDK clients pointed at the emulators; median of %d runs (ms).",
            init.java(), String.join(" ", init.jvmOptions()), init.runs()));
    line();
    table("handler", "median total", "construct", "first event", "runs", "failure");
    for (HandlerInit h : init.handlers()) {
      row(
          h.handler(),
          fmt(h.medianTotal()),
          fmt(h.medianConstruct()),
          fmt(h.medianFirstInvoke()),
          Integer.toString(h.totals().size()),
          h.failure() == null ? "" : h.failure().replace('\n', ' '));
    }
  }

  private void parameters(Map<String, String> parameters) {
    section("Run parameters");
    table("parameter", "value");
    parameters.forEach((k, v) -> row(k, v));
  }

  private void section(String title) {
    line();
    line("## " + title);
    line();
  }

  private void table(String... headers) {
    row(headers);
    StringBuilder rule = new StringBuilder("|");
    for (int i = 0; i < headers.length; i++) {
      rule.append(" --- |");
    }
    line(rule.toString());
  }

  private void row(String... cells) {
    line("| " + String.join(" | ", List.of(cells).stream().map(c -> c.replace("|", "\\|")).toList()) + " |");
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private void line() {
    out.append('\n');
  }
}
