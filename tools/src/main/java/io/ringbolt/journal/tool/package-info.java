/**
 * The {@code journal} command-line tool ({@code bin/ringbolt journal <command> DIR}): {@code info}, {@code verify},
 * {@code dump}, {@code tail} ({@code -f}), {@code stats}, {@code replay --into APP}, {@code truncate --after SEQ} and
 * {@code repair}, built with picocli; {@link io.ringbolt.journal.tool.JournalTool} is the entry point.
 *
 * <ul>
 *   <li>Read-only commands stand on {@link io.ringbolt.journal.JournalScanner} and
 *       {@link io.ringbolt.journal.JournalReader}, which open segments for reading only and never recover; only
 *       {@code truncate} and {@code repair} change a journal, through {@link io.ringbolt.journal.JournalRepair}, after
 *       showing what goes and getting a yes.
 *   <li>Applications plug in through {@link java.util.ServiceLoader}: a {@link io.ringbolt.journal.tool.RecordDecoder}
 *       shows their records, a {@link io.ringbolt.journal.tool.ReplayApp} takes a replay. The journal module knows no
 *       application; the exchange in {@code examples} registers one of each.
 *   <li>{@link io.ringbolt.journal.tool.ToolIo} carries the streams, so tests run every command in-process.
 * </ul>
 */
package io.ringbolt.journal.tool;
