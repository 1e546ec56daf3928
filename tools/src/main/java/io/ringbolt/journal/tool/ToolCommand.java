package io.ringbolt.journal.tool;

/** A journal subcommand: what the error handler needs to know about it. */
interface ToolCommand {
    /**
     * The command's common options.
     *
     * @return its options
     */
    CommonOptions common();
}
