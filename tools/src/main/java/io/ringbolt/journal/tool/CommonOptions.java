package io.ringbolt.journal.tool;

import picocli.CommandLine.Option;

/** The options every journal command takes. */
final class CommonOptions {
    @Option(names = "--quiet", description = "no progress bar and no advice: for scripts")
    boolean quiet;

    @Option(names = "--verbose", description = "print the stack trace of a failure")
    boolean verbose;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help")
    boolean help;
}
