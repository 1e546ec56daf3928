package io.ringbolt.examples.exchange;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.ExceptionPolicy;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Sequence;
import io.ringbolt.engine.SharedRunner;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.ReplayMark;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.Restart;
import io.ringbolt.journal.snapshot.RestartReport;
import io.ringbolt.journal.snapshot.Snapshotter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The order-matching exchange, wired the LMAX way: gateways publish requests into a multi-producer input ring;
 * pre-trade risk runs beside the journal; matching, on one thread, follows both and is the single producer of an
 * output ring, whose execution-report and market-data stages run side by side.
 *
 * <pre>
 *                      input ring (multi-producer)                     output ring (single producer)
 *  gateway 0 --+                                                                   +--> executionReports
 *  gateway 1 --+--> [ OrderEvent ] --+--> risk -------+--> matching --> [ ExecutionEvent ] --+
 *  gateway n --+                     +--> journal ----+                                    +--> marketData
 * </pre>
 *
 * <p>{@link Builder#journal} wires a {@link JournalingHandler} beside risk: it appends each request (its request
 * fields, through {@link OrderJournalCodec}) while risk checks it, and matching follows both, so that nothing is matched
 * before it is journaled at the chosen {@link SyncPolicy}. {@link #start} first journals a {@link SessionRecord} with
 * the configuration, so the journal alone is enough to replay the run. Other stages can run beside risk too
 * ({@link Builder#besideRisk}), and {@link Builder#matchingGatedBy} makes matching wait for any outside sequence. Stop
 * the gateways first, then call {@link #stop}: it drains the input pipeline, then the output one.
 *
 * <p>Restart: {@link #recoverThenRun} instead of {@link #start} continues a journal (newest usable snapshot of risk and
 * matching, {@link Builder#snapshots}, then the journal after it), without journaling or reporting anything twice and
 * without a new session record; see {@code docs/restart.md}.
 *
 * <p>Threads: one per stage, or one for every stage of both rings ({@link Builder#threading}, {@link #stageThreads()}),
 * plus the gateways, plus a mostly sleeping monitor thread per pipeline when probes are on. Read {@link #engine()}, {@link #risk()}, {@link #reports()} and {@link #marketData()}
 * only after {@link #stop}: their stage threads own them until then.
 */
public final class Exchange {
    /** The snapshot section of the risk stage's state ({@link RiskCheck}). */
    public static final String RISK_SECTION = "risk";

    /** The snapshot section of the matching stage's state ({@link MatchingEngine}). */
    public static final String MATCHING_SECTION = "matching";

    private final Pipeline<OrderEvent> input;
    private final Pipeline<ExecutionEvent> output;
    private final RiskCheck risk;
    private final MatchingStage matching;
    private final ExecutionReportHandler reports;
    private final MarketDataHandler marketData;
    private final WaitKind waitKind;
    private final int stageThreads;
    /** The one thread of every stage of both rings when the layout is shared; {@code null} when dedicated. */
    private final SharedRunner runner;

    private final ExchangeConfig config;
    private final JournalAppender appender;
    private final JournalingHandler<OrderEvent> journaling;
    /** Where replayed requests end and live ones begin; {@code null} without a journal. */
    private final ReplayMark mark;
    /** Snapshots of risk and matching; {@code null} when none are taken. */
    private final Snapshotter snapshotter;

    private long sessionSequence = -1;
    private boolean started;

    /** What {@link #stop} did to each pipeline. */
    public record StopReports(StopReport input, StopReport output) {
        /**
         * Whether both pipelines drained every event and ended their threads.
         *
         * @return whether the stop was clean
         */
        public boolean clean() {
            return input.clean() && output.clean();
        }
    }

    /**
     * What {@link #recoverThenRun} did, and the state it reached before any new request.
     *
     * @param report the journal's restart report: snapshot used, records replayed, times, what was skipped
     * @param stateHash {@link MatchingEngine#stateHash()} after the replay
     * @param tradeHash {@link MatchingEngine#tradeHash()} after the replay
     * @param requests {@link MatchingEngine#requests()} after the replay (of the journal's last run)
     * @param trades {@link MatchingEngine#trades()} after the replay
     * @param volume {@link MatchingEngine#volume()} after the replay
     */
    public record Recovery(
            RestartReport report, long stateHash, long tradeHash, long requests, long trades, long volume) {
        @Override
        public String toString() {
            return report
                    + String.format(
                            java.util.Locale.ROOT,
                            "%nstate hash %016x, trade hash %016x after %,d requests of this run",
                            stateHash,
                            tradeHash,
                            requests);
        }
    }

    private Exchange(final Builder builder) {
        this.waitKind = builder.waitKind;
        this.config = builder.config;
        this.appender = builder.appender;
        this.risk = new RiskCheck(builder.config);
        this.reports = new ExecutionReportHandler();
        this.marketData = new MarketDataHandler(builder.config.instruments());

        final int stageCount = 4 + (builder.appender != null ? 1 : 0) + builder.besideRisk.size();
        final Threading layout = builder.threading != Threading.AUTO
                ? builder.threading
                // At least one gateway wants a core besides the stages.
                : stageCount + 1 > Runtime.getRuntime().availableProcessors() ? Threading.SHARED : Threading.DEDICATED;
        this.runner = layout == Threading.SHARED
                ? new SharedRunner(
                        builder.name + "-stages",
                        SharedRunner.idleStrategyFor(List.of(waitKind.create())),
                        builder.threadFactory)
                : null;
        final PipelineBuilder<ExecutionEvent> out = Pipeline.builder(ExecutionEvent::new)
                .name(builder.name + "-output")
                .capacity(builder.outputCapacity)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(waitKind.create())
                .producerWaitStrategy(waitKind.create())
                .exceptionPolicy(ExceptionPolicy.stopPipeline())
                .threadFactory(builder.threadFactory);
        place(out);
        out.stage("executionReports", reports);
        out.stage("marketData", marketData);
        observe(out, builder, builder.outputLatencyLog);
        this.output = out.build();

        if (builder.snapshotter != null && builder.appender == null) {
            throw new IllegalArgumentException("snapshots: an exchange takes snapshots of a journaled run only, was"
                    + " given a snapshotter of " + builder.snapshotter.store().directory() + " without a journal");
        }
        this.mark = builder.appender != null ? new ReplayMark() : null;
        this.snapshotter = builder.snapshotter;
        this.matching = new MatchingStage(builder.config, output.ring(), builder.capture, mark);
        final PipelineBuilder<OrderEvent> in = Pipeline.builder(OrderEvent::new)
                .name(builder.name + "-input")
                .capacity(builder.inputCapacity)
                .producerType(ProducerType.MULTI)
                .waitStrategy(waitKind.create())
                .producerWaitStrategy(waitKind.create())
                .exceptionPolicy(ExceptionPolicy.stopPipeline())
                .threadFactory(builder.threadFactory);
        place(in);
        final RiskCheck check = risk;
        final EventHandler<OrderEvent> riskHandler = (request, sequence, endOfBatch) -> check.check(request);
        // Risk first, matching after it: the Snapshotter's order (the first state stage picks each snapshot's
        // sequence).
        final Stage<OrderEvent> riskStage = in.stage(
                "risk", snapshotter == null ? riskHandler : snapshotter.stateStage(RISK_SECTION, riskHandler, risk));
        final Stage<OrderEvent> matchingStage = in.stage(
                        "matching",
                        snapshotter == null
                                ? matching
                                : snapshotter.stateStage(MATCHING_SECTION, matching, matching.engine()))
                .after(riskStage);
        if (builder.appender != null) {
            this.journaling = JournalingHandler.builder(builder.appender, OrderJournalCodec.INSTANCE)
                    .syncPolicy(builder.syncPolicy)
                    .syncInterval(builder.syncInterval)
                    .replayMark(mark)
                    .build();
            // Beside risk, ahead of matching, which follows the stage (so the journal gates the gateways through
            // matching) and waits for its durable sequence. With INTERVAL that wait is the point: the stage runs ahead
            // of the disk and a flusher advances the durable sequence later. With NONE and BATCH the stage sets the
            // durable sequence at the end of each batch (after the force, for BATCH) before it publishes its own
            // progress, so the gate never waits; it costs one volatile read per wait and keeps an event the journal
            // failed to append from reaching matching whatever the exception policy.
            matchingStage.after(in.stage("journal", journaling)).gatedBy(journaling.durableSequence());
        } else {
            this.journaling = null;
        }
        for (final Builder.Beside beside : builder.besideRisk) {
            matchingStage.after(in.stage(beside.name(), beside.handler()));
        }
        if (!builder.matchingGates.isEmpty()) {
            matchingStage.gatedBy(builder.matchingGates.toArray(new Sequence[0]));
        }
        observe(in, builder, builder.inputLatencyLog);
        this.input = in.build();
        if (journaling != null) {
            // The INTERVAL flusher wakes a matching stage asleep in a blocking wait when it advances the sequence.
            journaling.bindTo(input.ring());
        }
        this.stageThreads =
                runner != null ? 1 : input.stages().size() + output.stages().size();
    }

    /** Puts a ring's stages on the exchange's layout. */
    private void place(final PipelineBuilder<?> pipeline) {
        if (runner != null) {
            pipeline.runOn(runner);
        } else {
            pipeline.threading(Threading.DEDICATED);
        }
    }

    private static <E> void observe(final PipelineBuilder<E> pipeline, final Builder builder, final Path latencyLog) {
        if (latencyLog != null) {
            pipeline.latencyLog(latencyLog);
        } else if (builder.latencyProbes) {
            pipeline.latencyProbes();
        }
        if (builder.countersDirectory != null) {
            pipeline.counters(builder.countersDirectory);
        }
    }

    /**
     * Starts describing an exchange.
     *
     * @param config instruments, accounts and limits
     * @return a builder
     */
    public static Builder builder(final ExchangeConfig config) {
        return new Builder(config);
    }

    /**
     * Starts every stage: the output pipeline first, so matching always has somewhere to publish. With a journal, first
     * appends the session record (on this thread, before the journal stage's thread exists).
     */
    public void start() {
        if (snapshotter != null) {
            throw new IllegalStateException("an exchange that takes snapshots starts with recoverThenRun(), which ties"
                    + " its snapshots to the journal's sequences; start() begins a new session instead");
        }
        begin();
        if (appender != null) {
            sessionSequence = SessionRecord.append(appender, config);
        }
        output.start();
        input.start();
    }

    /**
     * Starts the exchange from its journal the LMAX way, instead of {@link #start}: on a new (empty) journal, appends
     * the session record and starts; on a journal with records, loads the newest usable snapshot into risk and
     * matching (when the exchange takes snapshots), replays the journal's records after it up to the journal's end
     * as it was when the appender opened it, and returns live. The replayed records are not journaled again, and their
     * reports are not published to the output ring again (they were sent before the restart); no session record is
     * appended: the run goes on. A session record met in the replayed tail starts the exchange afresh there, as
     * {@code journal replay --into exchange} does; it must hold this exchange's configuration.
     *
     * <p>Call it from the thread that publishes first (it is the input ring's producer during the replay), with an
     * appender just opened. The first request published afterwards is journaled at
     * {@link RestartReport#nextJournalSequence()}. Stop with {@link #stop}, then close the snapshotter and the
     * appender.
     *
     * @return what the recovery did: the snapshot used (or why others were skipped), records replayed, times, and the
     *     state hash reached before any new request
     * @throws IllegalStateException without a journal, or when already started
     * @throws io.ringbolt.journal.JournalException when the journal cannot be replayed; the exchange is halted
     * @throws IllegalArgumentException when the snapshot used holds another configuration
     */
    public Recovery recoverThenRun() {
        if (appender == null) {
            throw new IllegalStateException("recoverThenRun needs a journal (Exchange.Builder.journal)");
        }
        begin();
        if (appender.lastSequence() < 0) {
            // A new journal: its first record says which configuration the run has, as start() would.
            sessionSequence = SessionRecord.append(appender, config);
        }
        output.start();
        try {
            final RestartReport report =
                    Restart.recoverThenRun(input, appender, OrderJournalCodec.INSTANCE, mark, snapshotter);
            // Every stage handled the replay (its published sequence says so) and nothing live was published yet: the
            // engine may be read here.
            final MatchingEngine engine = matching.engine();
            return new Recovery(
                    report,
                    engine.stateHash(),
                    engine.tradeHash(),
                    engine.requests(),
                    engine.trades(),
                    engine.volume());
        } catch (final RuntimeException | Error ex) {
            output.halt();
            throw ex;
        }
    }

    private void begin() {
        if (started) {
            throw new IllegalStateException("exchange " + input.name() + " was started already");
        }
        started = true;
    }

    /**
     * Drains and stops the input pipeline, then the output pipeline. Stop the gateways first.
     *
     * @param timeout how long each pipeline may take to drain
     * @return what happened to each
     */
    public StopReports stop(final Duration timeout) {
        final StopReport in = input.drainAndStop(timeout);
        final StopReport out = output.drainAndStop(timeout);
        return new StopReports(in, out);
    }

    /**
     * The ring gateways publish into (any number of threads).
     *
     * @return the input ring
     */
    public RingBuffer<OrderEvent> inputRing() {
        return input.ring();
    }

    /**
     * The input pipeline (risk, matching and whatever runs beside risk), for its probes.
     *
     * @return the input pipeline
     */
    public Pipeline<OrderEvent> inputPipeline() {
        return input;
    }

    /**
     * The output pipeline (execution reports, market data), for its probes.
     *
     * @return the output pipeline
     */
    public Pipeline<ExecutionEvent> outputPipeline() {
        return output;
    }

    /**
     * The risk check of the risk stage; read it after {@link #stop}.
     *
     * @return the risk check
     */
    public RiskCheck risk() {
        return risk;
    }

    /**
     * The matching engine of the matching stage; read it after {@link #stop}.
     *
     * @return the engine
     */
    public MatchingEngine engine() {
        return matching.engine();
    }

    /**
     * The execution-report stage's handler; its end-to-end recorder may be read at any time, the rest after
     * {@link #stop}.
     *
     * @return the handler
     */
    public ExecutionReportHandler reports() {
        return reports;
    }

    /**
     * The market-data stage's handler; read it after {@link #stop}.
     *
     * @return the handler
     */
    public MarketDataHandler marketData() {
        return marketData;
    }

    /**
     * The journaling stage's handler, for its durable sequence and sync policy.
     *
     * @return the handler, or {@code null} when the exchange runs without a journal
     */
    public JournalingHandler<OrderEvent> journaling() {
        return journaling;
    }

    /**
     * Where replayed requests end and live ones begin in the input ring; wrap an output of your own with
     * {@link ReplayMark#liveOnly} to skip replayed requests.
     *
     * @return the mark, or {@code null} without a journal
     */
    public ReplayMark replayMark() {
        return mark;
    }

    /**
     * The snapshotter of risk and matching (sections {@code risk} and {@code matching}).
     *
     * @return the snapshotter, or {@code null} when the exchange takes no snapshots
     */
    public Snapshotter snapshotter() {
        return snapshotter;
    }

    /**
     * The journal sequence of this run's session record; the requests follow it in input-ring order.
     *
     * @return the sequence, or -1 before {@link #start}, without a journal, or when {@link #recoverThenRun} continued a
     *     journal that had records
     */
    public long sessionSequence() {
        return sessionSequence;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public ExchangeConfig config() {
        return config;
    }

    /**
     * How the stages map to threads.
     *
     * @return {@link Threading#SHARED} or {@link Threading#DEDICATED}
     */
    public Threading threading() {
        return runner != null ? Threading.SHARED : Threading.DEDICATED;
    }

    /**
     * How the stages wait.
     *
     * @return the wait kind
     */
    public WaitKind waitKind() {
        return waitKind;
    }

    /**
     * How many stage threads the exchange runs (gateways not included).
     *
     * @return the number of stages
     */
    public int stageThreads() {
        return stageThreads;
    }

    /**
     * Describes an exchange. Defaults: blocking wait strategy, input ring of 16,384 slots, output ring of 65,536, no
     * probes, no counters, no journal, nothing beside risk. Not thread-safe.
     */
    public static final class Builder {
        private record Beside(String name, EventHandler<? super OrderEvent> handler) {}

        private final ExchangeConfig config;
        private final List<Beside> besideRisk = new ArrayList<>();
        private final List<Sequence> matchingGates = new ArrayList<>();
        private String name = "exchange";
        private WaitKind waitKind = WaitKind.BLOCKING;
        private int inputCapacity = 1 << 14;
        private int outputCapacity = 1 << 16;
        private boolean latencyProbes;
        private Path inputLatencyLog;
        private Path outputLatencyLog;
        private Path countersDirectory;
        private InputCapture capture;
        private ThreadFactory threadFactory = Thread::new;
        private Threading threading = Threading.AUTO;
        private JournalAppender appender;
        private SyncPolicy syncPolicy = SyncPolicy.BATCH;
        private Duration syncInterval = Duration.ofMillis(1);
        private Snapshotter snapshotter;

        private Builder(final ExchangeConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            this.config = config;
        }

        /**
         * Names the exchange: its pipelines are {@code <name>-input} and {@code <name>-output}.
         *
         * @param exchangeName non-empty
         * @return this builder
         */
        public Builder name(final String exchangeName) {
            if (exchangeName == null || exchangeName.isBlank()) {
                throw new IllegalArgumentException("name must be a non-empty string, was '" + exchangeName + "'");
            }
            this.name = exchangeName;
            return this;
        }

        /**
         * Sets how stages and producers wait.
         *
         * @param kind the wait kind
         * @return this builder
         */
        public Builder waitKind(final WaitKind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("waitKind must not be null");
            }
            this.waitKind = kind;
            return this;
        }

        /**
         * Sets the ring sizes.
         *
         * @param inputSlots slots of the input ring, a power of two
         * @param outputSlots slots of the output ring, a power of two
         * @return this builder
         */
        public Builder capacities(final int inputSlots, final int outputSlots) {
            this.inputCapacity = inputSlots;
            this.outputCapacity = outputSlots;
            return this;
        }

        /**
         * Turns the engine's latency probes on for both pipelines (see {@code PipelineBuilder.latencyProbes()}).
         *
         * @return this builder
         */
        public Builder latencyProbes() {
            this.latencyProbes = true;
            return this;
        }

        /**
         * Turns probes on and writes them to {@code .hlog} files, one per pipeline.
         *
         * @param inputLog the input pipeline's {@code .hlog}
         * @param outputLog the output pipeline's {@code .hlog}
         * @return this builder
         */
        public Builder latencyLogs(final Path inputLog, final Path outputLog) {
            this.latencyProbes = true;
            this.inputLatencyLog = inputLog;
            this.outputLatencyLog = outputLog;
            return this;
        }

        /**
         * Keeps both pipelines' live counters in {@code <directory>/<pipeline>.counters} (for {@code ringbolt stat}).
         *
         * @param directory a writable directory
         * @return this builder
         */
        public Builder counters(final Path directory) {
            this.countersDirectory = directory;
            return this;
        }

        /**
         * Records every request as matching sees it, before it is matched.
         *
         * @param inputCapture the capture; runs on the matching thread
         * @return this builder
         */
        public Builder captureInput(final InputCapture inputCapture) {
            this.capture = inputCapture;
            return this;
        }

        /**
         * Sets the factory of stage threads (to pin them, or to watch them in tests).
         *
         * @param factory the thread factory
         * @return this builder
         */
        public Builder threadFactory(final ThreadFactory factory) {
            if (factory == null) {
                throw new IllegalArgumentException("threadFactory must not be null");
            }
            this.threadFactory = factory;
            return this;
        }

        /**
         * Sets how the stages of both rings map to threads: {@link Threading#DEDICATED} (a thread per stage),
         * {@link Threading#SHARED} (every stage of both rings on one {@link SharedRunner} named
         * {@code <name>-stages}, made with the thread factory, idling the way the wait kind waits), or
         * {@link Threading#AUTO} (the default: shared when the stages and one gateway would outnumber the processors).
         *
         * @param layout the layout
         * @return this builder
         */
        public Builder threading(final Threading layout) {
            if (layout == null) {
                throw new IllegalArgumentException("threading must be one of DEDICATED, SHARED, AUTO, was null");
            }
            this.threading = layout;
            return this;
        }

        /**
         * Journals every request beside risk, before matching sees it: a {@link JournalingHandler} stage named
         * {@code journal} with this sync policy, which matching follows and whose durable sequence it waits for
         * (which only ever waits under {@link SyncPolicy#INTERVAL}). {@link #start} appends a {@link SessionRecord} first. The appender belongs
         * to the exchange from {@code start} until {@link #stop} returns; close it after that.
         *
         * @param journal an open appender of the exchange's schema ({@link ExchangeSchema#journal})
         * @param policy NONE (the page cache: survives a crash of the process), BATCH (forced once per batch: group
         *     commit) or INTERVAL (forced by a flusher thread every {@code interval})
         * @param interval how often the INTERVAL flusher forces (ignored otherwise)
         * @return this builder
         */
        public Builder journal(final JournalAppender journal, final SyncPolicy policy, final Duration interval) {
            if (journal == null || policy == null || interval == null) {
                throw new IllegalArgumentException("journal: appender, sync policy and interval must not be null, were "
                        + journal + ", " + policy + ", " + interval);
            }
            if (journal.schemaId() != ExchangeSchema.ID) {
                throw new IllegalArgumentException("journal: the appender of " + journal.directory()
                        + " has schema id " + journal.schemaId() + ", the exchange writes only schema id "
                        + ExchangeSchema.ID + " (open it with ExchangeSchema.journal(dir))");
            }
            this.appender = journal;
            this.syncPolicy = policy;
            this.syncInterval = interval;
            return this;
        }

        /**
         * Journals every request beside risk with a sync policy and, for INTERVAL, a 1 ms interval; see
         * {@link #journal(JournalAppender, SyncPolicy, Duration)}.
         *
         * @param journal an open appender
         * @param policy the sync policy
         * @return this builder
         */
        public Builder journal(final JournalAppender journal, final SyncPolicy policy) {
            return journal(journal, policy, Duration.ofMillis(1));
        }

        /**
         * Takes snapshots of risk and matching (sections {@code risk} and {@code matching}) through a snapshotter,
         * which decides when (every N records, every T, on demand) and where; needs {@link #journal} and
         * {@link Exchange#recoverThenRun}. The snapshotter serves this exchange only; close it after {@link #stop}.
         *
         * @param snapshots built for {@link ExchangeSchema#ID}, with no state stage yet
         * @return this builder
         */
        public Builder snapshots(final Snapshotter snapshots) {
            if (snapshots == null) {
                throw new IllegalArgumentException("snapshots: the snapshotter must not be null");
            }
            if (snapshots.schemaId() != ExchangeSchema.ID) {
                throw new IllegalArgumentException(
                        "snapshots: the snapshotter of " + snapshots.store().directory() + " has schema id "
                                + snapshots.schemaId() + ", the exchange's is " + ExchangeSchema.ID);
            }
            if (!snapshots.stateNames().isEmpty()) {
                throw new IllegalArgumentException(
                        "snapshots: the snapshotter of " + snapshots.store().directory() + " serves state stages "
                                + snapshots.stateNames() + " already; give each exchange its own");
            }
            this.snapshotter = snapshots;
            return this;
        }

        /**
         * Adds a stage that runs in parallel with risk and that matching follows, like the journal. It sees each
         * request after a gateway published it and may read only the request fields (risk writes the others at the
         * same time).
         *
         * @param stageName the stage's name, unique in the input pipeline
         * @param handler its handler
         * @return this builder
         */
        public Builder besideRisk(final String stageName, final EventHandler<? super OrderEvent> handler) {
            besideRisk.add(new Beside(stageName, handler));
            return this;
        }

        /**
         * Makes matching also wait until each of the given sequences has reached a request: for example a journal's
         * durable sequence, when it trails the journal stage's own progress (group commit), so that nothing is matched
         * before it is on disk. Whoever advances such a sequence must call the input ring's
         * {@code sequencer().signalWaiters()} afterwards, since matching may be asleep.
         *
         * @param sequences input-ring sequences advanced outside the stages
         * @return this builder
         */
        public Builder matchingGatedBy(final Sequence... sequences) {
            for (final Sequence sequence : sequences) {
                if (sequence == null) {
                    throw new IllegalArgumentException("matchingGatedBy: sequences must not be null");
                }
                matchingGates.add(sequence);
            }
            return this;
        }

        /**
         * Builds the exchange; bad ring sizes or stage names fail here with an {@link IllegalArgumentException}.
         *
         * @return the exchange, not started
         */
        public Exchange build() {
            return new Exchange(this);
        }
    }
}
