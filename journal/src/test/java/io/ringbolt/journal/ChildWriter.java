package io.ringbolt.journal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process that appends {@link TestRecords} until killed (or until a record count), printing each committed
 * sequence on its own line, flushed, after the commit returned: every printed sequence is one the parent may expect to
 * find after a crash.
 *
 * <p>Arguments: directory, segment size, prepare segments ahead (true/false), records to write (-1: until killed),
 * records between yields (0: never), records between reports (1: report every record; a report of sequence s says
 * that every sequence up to s is committed), and optionally records between handshakes (after that many records the
 * child waits for a line on stdin before going on; 0 or absent: never waits).
 */
public final class ChildWriter {
    private ChildWriter() {}

    public static void main(final String[] args) throws Exception {
        final JournalConfig config = JournalConfig.builder(Path.of(args[0]))
                .segmentSize(Integer.parseInt(args[1]))
                .indexInterval(8)
                .prepareSegmentsAhead(Boolean.parseBoolean(args[2]))
                .build();
        final long limit = Long.parseLong(args[3]);
        final int yieldEvery = Integer.parseInt(args[4]);
        final int reportEvery = Integer.parseInt(args[5]);
        final int handshakeEvery = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64);
        try (JournalAppender appender = JournalAppender.open(config)) {
            final RecoveryReport report = appender.recoveryReport();
            line(out, "open " + appender.nextSequence() + " " + report.reason() + " " + report.droppedRecords());
            long written = 0;
            while (limit < 0 || written < limit) {
                final long sequence = TestRecords.appendNext(appender);
                written++;
                if (written % reportEvery == 0) {
                    line(out, Long.toString(sequence));
                }
                if (handshakeEvery > 0 && written % handshakeEvery == 0 && (limit < 0 || written < limit)) {
                    awaitLine();
                }
                if (yieldEvery > 0 && written % yieldEvery == 0) {
                    Thread.yield();
                }
            }
            line(out, "done");
        }
    }

    private static void awaitLine() throws Exception {
        int c;
        while ((c = System.in.read()) >= 0 && c != '\n') {
            // Wait for the parent's go-ahead.
        }
    }

    private static void line(final OutputStream out, final String text) throws Exception {
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
