package io.ringbolt.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal's file helpers that its sub-packages (snapshots) share with the segments, so that "make a rename
 * durable" and "name a schema in a message" each live in one place. Stateless; any thread may use it.
 */
public final class JournalFiles {
    private JournalFiles() {}

    /**
     * Forces a directory, so that a file created, renamed or deleted in it survives a power loss.
     *
     * @param directory the directory
     * @throws IOException when the directory cannot be opened or forced
     */
    public static void forceDirectory(final Path directory) throws IOException {
        Segment.forceDirectory(directory);
    }

    /**
     * A schema id as messages name it: {@code schema id 42}, or {@code schema id 0 (none declared)}.
     *
     * @param schemaId the schema id
     * @return the description
     */
    public static String describeSchema(final int schemaId) {
        return Journals.describeSchema(schemaId);
    }
}
