package io.ringbolt.journal;

import io.ringbolt.engine.AgronaAccess;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * Where a journal lives and how its files are laid out. Immutable; build it once with {@link #builder(Path)} and share
 * it between threads.
 *
 * <p>Bad values fail at the builder call with an {@link IllegalArgumentException} naming the parameter, the value and
 * what is allowed.
 */
public final class JournalConfig {
    /** The default segment size: 64 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 64 << 20;

    /**
     * The default {@link Builder#pretouchAhead(int)}: 256 KiB, which kept the p99 of an append under 1 µs at 100,000
     * appends per second in the reference run.
     */
    public static final int DEFAULT_PRETOUCH_AHEAD = 256 << 10;

    /** The largest {@link Builder#pretouchAhead(int)}: 64 MiB. */
    public static final int MAX_PRETOUCH_AHEAD = 64 << 20;

    /** The default number of records between index entries. */
    public static final int DEFAULT_INDEX_INTERVAL = 256;

    private final Path directory;
    private final int segmentSize;
    private final int indexInterval;
    private final boolean verifyChecksums;
    private final boolean prepareSegmentsAhead;
    private final int pretouchAhead;
    private final Supplier<EpochNanoClock> clockFactory;
    private final int schemaId;

    private JournalConfig(final Builder builder) {
        this.directory = builder.directory;
        this.segmentSize = builder.segmentSize;
        this.indexInterval = builder.indexInterval;
        this.verifyChecksums = builder.verifyChecksums;
        this.prepareSegmentsAhead = builder.prepareSegmentsAhead;
        this.pretouchAhead = builder.pretouchAhead;
        this.clockFactory = builder.clockFactory;
        this.schemaId = builder.schemaId;
    }

    /**
     * Starts a configuration with the defaults: 64 MiB segments, an index entry every 256 records, checksums verified
     * on read, segments prepared ahead, pages touched 256 KiB ahead of the writer, timestamps from an {@link
     * OffsetEpochNanoClock}, no schema declared ({@link SegmentDescriptor#NO_SCHEMA}).
     *
     * @param directory the journal's directory; an appender creates it if missing
     * @return the builder
     * @throws IllegalStateException when the JVM lacks {@link AgronaAccess#FLAG}
     */
    public static Builder builder(final Path directory) {
        AgronaAccess.require();
        return new Builder(directory);
    }

    /**
     * A configuration with every default.
     *
     * @param directory the journal's directory
     * @return the configuration
     */
    public static JournalConfig of(final Path directory) {
        return builder(directory).build();
    }

    /**
     * The journal's directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The size of each new segment file.
     *
     * @return bytes, a multiple of {@link SegmentDescriptor#SEGMENT_SIZE_MULTIPLE}
     */
    public int segmentSize() {
        return segmentSize;
    }

    /**
     * The number of records between two entries of a segment's sparse index.
     *
     * @return a power of two
     */
    public int indexInterval() {
        return indexInterval;
    }

    /**
     * Whether readers verify every record's CRC-32C.
     *
     * @return whether checksums are verified on read
     */
    public boolean verifyChecksums() {
        return verifyChecksums;
    }

    /**
     * Whether an appender makes its next segment file in advance on a background thread.
     *
     * @return whether segments are prepared ahead
     */
    public boolean prepareSegmentsAhead() {
        return prepareSegmentsAhead;
    }

    /**
     * How many bytes ahead of the writer the JVM's pretouch thread keeps an appender's pages touched, 0 for none.
     *
     * @return bytes, 0 when off
     */
    public int pretouchAhead() {
        return pretouchAhead;
    }

    /**
     * The schema id an appender writes into each new segment and requires of an existing journal.
     *
     * @return the application's schema id, or {@link SegmentDescriptor#NO_SCHEMA}
     */
    public int schemaId() {
        return schemaId;
    }

    /**
     * Creates the clock an appender stamps records with.
     *
     * @return a new clock for one appender
     */
    public EpochNanoClock newClock() {
        return clockFactory.get();
    }

    /**
     * The largest payload one record can carry with this segment size.
     *
     * @return bytes
     */
    public int maxPayloadLength() {
        return SegmentDescriptor.maxPayloadLength(
                segmentSize, SegmentDescriptor.dataOffset(SegmentDescriptor.indexCapacity(segmentSize, indexInterval)));
    }

    @Override
    public String toString() {
        return "JournalConfig{directory=" + directory + ", segmentSize=" + segmentSize + ", indexInterval="
                + indexInterval + ", verifyChecksums=" + verifyChecksums + ", prepareSegmentsAhead="
                + prepareSegmentsAhead + ", pretouchAhead=" + pretouchAhead + ", schemaId=" + schemaId + "}";
    }

    /** Builds a {@link JournalConfig}; not thread-safe, use from one thread. */
    public static final class Builder {
        private final Path directory;
        private int segmentSize = DEFAULT_SEGMENT_SIZE;
        private int indexInterval = DEFAULT_INDEX_INTERVAL;
        private boolean verifyChecksums = true;
        private boolean prepareSegmentsAhead = true;
        private int pretouchAhead = DEFAULT_PRETOUCH_AHEAD;
        private Supplier<EpochNanoClock> clockFactory = OffsetEpochNanoClock::new;
        private int schemaId = SegmentDescriptor.NO_SCHEMA;

        private Builder(final Path directory) {
            if (directory == null) {
                throw new IllegalArgumentException("directory must not be null");
            }
            this.directory = directory;
        }

        /**
         * Sets the size of new segment files. Existing segments keep the size they were created with.
         *
         * @param bytes a multiple of 4096 between 8 KiB and 1 GiB
         * @return this builder
         */
        public Builder segmentSize(final int bytes) {
            if (bytes < SegmentDescriptor.MIN_SEGMENT_SIZE
                    || bytes > SegmentDescriptor.MAX_SEGMENT_SIZE
                    || bytes % SegmentDescriptor.SEGMENT_SIZE_MULTIPLE != 0) {
                throw new IllegalArgumentException("segmentSize must be a multiple of "
                        + SegmentDescriptor.SEGMENT_SIZE_MULTIPLE + " between " + SegmentDescriptor.MIN_SEGMENT_SIZE
                        + " and " + SegmentDescriptor.MAX_SEGMENT_SIZE + " bytes, was " + bytes);
            }
            this.segmentSize = bytes;
            return this;
        }

        /**
         * Sets how many records lie between two index entries: a seek hops over at most this many records after
         * finding its segment and index entry.
         *
         * @param records a power of two between 1 and 65536
         * @return this builder
         */
        public Builder indexInterval(final int records) {
            if (records < 1 || records > SegmentDescriptor.MAX_INDEX_INTERVAL || Integer.bitCount(records) != 1) {
                throw new IllegalArgumentException("indexInterval must be a power of two between 1 and "
                        + SegmentDescriptor.MAX_INDEX_INTERVAL + ", was " + records);
            }
            this.indexInterval = records;
            return this;
        }

        /**
         * Sets whether readers verify each record's CRC-32C (default true). Recovery always verifies.
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyChecksums(final boolean verify) {
            this.verifyChecksums = verify;
            return this;
        }

        /**
         * Sets whether an appender makes its next segment file in advance on a background daemon thread (default
         * true): filled with zeros on disk one page per write (forced when the sync policy needs it) and mapped, so that
         * a roll costs the writer a header and a rename rather than a whole file's worth of writes. The first store to
         * each page is left to the pretoucher ({@link #pretouchAhead(int)}) or the writer. Without it the writer does
         * that work itself at each roll.
         *
         * @param prepare whether to prepare segments ahead
         * @return this builder
         */
        public Builder prepareSegmentsAhead(final boolean prepare) {
            this.prepareSegmentsAhead = prepare;
            return this;
        }

        /**
         * Sets how far ahead of the writer the pages of an appender's segment are kept touched for writing (default
         * {@value #DEFAULT_PRETOUCH_AHEAD} bytes; 0 turns it off), so that the writer's first store to a page does not
         * pay for making it writable: without it the p99 of an append is several microseconds, with it under one.
         * Touching when a segment is created is not enough where the kernel or a hypervisor takes pages back or
         * write-protects them again after a while (shadow paging, dirty tracking, writeback).
         *
         * <p>One daemon thread per JVM, {@code ringbolt-journal-pretouch}, serves every appender that has this on: the
         * writer tells it where it is after each commit (one store to a padded field), and the thread touches each
         * page from the next one up to this many bytes further, through the appender's own mapping. Costs that thread:
         * the page-touching CPU on another core (the work the writer would otherwise do itself), and while writers are
         * idle a wake-up at most every {@value JournalAppender#PRETOUCH_MAX_IDLE_MICROS} µs (none once no appender is
         * open). Pages touched ahead of the writer may also be written back to disk as zeros once more before the
         * records reach them.
         *
         * @param bytes 0 (off), or between 4096 and 64 MiB
         * @return this builder
         */
        public Builder pretouchAhead(final int bytes) {
            if (bytes != 0 && (bytes < Segment.PAGE_SIZE || bytes > MAX_PRETOUCH_AHEAD)) {
                throw new IllegalArgumentException("pretouchAhead must be 0 (off) or between " + Segment.PAGE_SIZE
                        + " and " + MAX_PRETOUCH_AHEAD + " bytes, was " + bytes);
            }
            this.pretouchAhead = bytes;
            return this;
        }

        /**
         * Sets the clock appenders stamp records with, for example a fixed clock in tests.
         *
         * @param factory creates one clock per appender
         * @return this builder
         */
        public Builder clock(final Supplier<EpochNanoClock> factory) {
            if (factory == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clockFactory = factory;
            return this;
        }

        /**
         * Declares which application's records the journal holds, so that tools decode them with that application's
         * layouts (the decoders registered for this id) and with no one else's. An appender writes the id into every
         * segment it creates and refuses, with a {@link JournalFormatException} of kind {@link
         * JournalFormatException.Kind#SCHEMA_MISMATCH}, to append to a journal of another id. Pick one positive id per
         * application (and change it when a layout changes incompatibly), for example its name's first four ASCII
         * letters as an int.
         *
         * <p>The default, {@link SegmentDescriptor#NO_SCHEMA} (0), declares none: tools show such records as type,
         * length and hex only, never through an application's decoder, so a journal that declares nothing is never
         * shown with the wrong layout. Journals of format version 1, written before schema ids existed, read as this.
         *
         * @param id 0 (none) or a positive schema id
         * @return this builder
         */
        public Builder schemaId(final int id) {
            if (id < 0) {
                throw new IllegalArgumentException("schemaId must be " + SegmentDescriptor.NO_SCHEMA
                        + " (none declared) or a positive int up to " + Integer.MAX_VALUE + ", was " + id);
            }
            this.schemaId = id;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public JournalConfig build() {
            return new JournalConfig(this);
        }
    }
}
