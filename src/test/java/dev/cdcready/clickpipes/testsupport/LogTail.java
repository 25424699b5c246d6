package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server log, to put in the message of a server that failed to start. */
final class LogTail {

    private static final int LINES = 40;

    private LogTail() {
    }

    static String of(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
            return "--- last lines of " + log + " ---\n" + String.join("\n", tail);
        } catch (IOException | RuntimeException e) {
            return "(no server log at " + log + ": " + e + ")";
        }
    }
}
