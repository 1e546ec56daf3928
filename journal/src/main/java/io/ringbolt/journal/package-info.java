/**
 * The Ringbolt journal: a crash-safe, memory-mapped, segmented record log, the pipeline stage that journals every
 * event with group commit, and the reader and replayer that rebuild state from it.
 *
 * <ul>
 *   <li>Format: {@link io.ringbolt.journal.SegmentDescriptor} (files) and {@link io.ringbolt.journal.RecordDescriptor}
 *       (records), each with a diagram of its bytes.
 *   <li>Writing: {@link io.ringbolt.journal.JournalAppender} (one writer per journal, enforced by a lock file), with a
 *       user {@link io.ringbolt.journal.JournalCodec} per event type; {@link io.ringbolt.journal.JournalingHandler}
 *       as a pipeline stage with a {@link io.ringbolt.journal.SyncPolicy} and a durable sequence to gate output on.
 *   <li>Reading: {@link io.ringbolt.journal.JournalReader} (seek, poll, follow a live writer in any process),
 *       {@link io.ringbolt.journal.JournalReplayer} (a range into a ring, full speed or paced),
 *       {@link io.ringbolt.journal.JournalRetention} (delete old segments), {@link io.ringbolt.journal.JournalScanner}
 *       (a read-only full check that tells a torn tail from damage in the middle).
 *   <li>Explicit cuts: {@link io.ringbolt.journal.JournalRepair} plans a repair or a truncation by reading, then carries
 *       it out under the writer's lock. The command-line tool is in {@code io.ringbolt.journal.tool}.
 *   <li>Recovery on open for append: {@link io.ringbolt.journal.RecoveryReport}; problems raise subclasses of
 *       {@link io.ringbolt.journal.JournalException} naming file, offset and what was expected.
 * </ul>
 */
package io.ringbolt.journal;
