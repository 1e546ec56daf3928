package io.ringbolt.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process that tries to open a journal for appending once per line on its stdin, and answers each try with
 * one line: {@code refused <pid> <message>} with the {@link JournalLockedException}'s pid and message, {@code failed
 * <exception>} for any other error, or {@code opened} (it then closes the journal at once). A second process, so that
 * a parent can check that its own lock still holds against another process after anything it did in-process; {@link
 * #start} gives the parent's side. Ends when its stdin closes.
 *
 * <p>Argument: the directory.
 */
public final class ChildLockProbe {
    private ChildLockProbe() {}

    public static void main(final String[] args) throws Exception {
        final JournalConfig config = JournalConfig.builder(Path.of(args[0]))
                .prepareSegmentsAhead(false)
                .build();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        while (in.readLine() != null) {
            String answer;
            try (JournalAppender appender = JournalAppender.open(config)) {
                answer = "opened";
            } catch (final JournalLockedException ex) {
                answer = "refused " + ex.pid() + " " + ex.getMessage().replace('\n', ' ');
            } catch (final RuntimeException ex) {
                answer = "failed " + ex.toString().replace('\n', ' ');
            }
            System.out.println(answer);
            System.out.flush();
        }
    }

    /**
     * Starts a probe on a directory.
     *
     * @return the parent's side of it
     */
    public static Probe start(final Path directory) throws IOException {
        return new Probe(ChildJvm.start(ChildLockProbe.class, directory.toString()));
    }

    /** The parent's side of a probe: one try per {@link #tryOpen}. Used by the test's thread only. */
    public static final class Probe implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final BufferedReader out;

        private Probe(final Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        /** Has the child try to open the journal once; its answer line. */
        public String tryOpen() throws IOException {
            in.write('\n');
            in.flush();
            final String line = out.readLine();
            if (line == null) {
                throw new IOException("the probe process " + process.pid() + " ended without an answer");
            }
            return line;
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
