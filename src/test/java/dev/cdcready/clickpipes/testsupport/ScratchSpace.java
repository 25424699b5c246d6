package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where servers keep their data directory and log: {@code <project.build.directory>/test-servers}, else
 * {@code target/test-servers} when run from the project folder, else {@code java.io.tmpdir}.
 */
final class ScratchSpace {

    private ScratchSpace() {
    }

    /** A new, empty folder named after the server. */
    static Path newDirectory(String label) {
        try {
            return Files.createDirectories(base().resolve(label + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for " + label, e);
        }
    }

    /** Removes a folder and everything in it; a folder already gone is fine. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("[test-servers] could not remove " + directory + ": " + e);
        }
    }

    private static Path base() {
        String buildDirectory = System.getProperty("project.build.directory");
        if (buildDirectory != null) {
            return Path.of(buildDirectory, "test-servers");
        }
        if (Files.isDirectory(Path.of("target"))) {
            return Path.of("target", "test-servers").toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "clickpipes-test-servers");
    }
}
