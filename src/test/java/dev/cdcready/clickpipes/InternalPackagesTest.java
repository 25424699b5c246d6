package dev.cdcready.clickpipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package users do not touch says so in Flyway's own wording; the public ones ({@code api}, {@code spring}) do
 * not. Packages that mix (config, precheck, verify) name the classes users catch and call the rest private.
 */
class InternalPackagesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/cdcready/clickpipes");
    private static final String PRIVATE = "Private API. No compatibility guarantees provided.";
    private static final Set<String> PUBLIC = Set.of("api", "spring");

    @Test
    void everyPackageButTheUsersOnesIsMarkedPrivateApi() throws IOException {
        List<Path> packages;
        try (Stream<Path> children = Files.list(SOURCES)) {
            packages = children.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(packages.size() > 10, "found the packages: " + packages);
        for (Path pkg : packages) {
            Path info = pkg.resolve("package-info.java");
            assertTrue(Files.exists(info), pkg + " has no package-info.java");
            boolean marked = Files.readString(info).contains(PRIVATE);
            assertEquals(!PUBLIC.contains(pkg.getFileName().toString()), marked,
                    info + (marked ? " marks a public package private" : " lacks \"" + PRIVATE + "\""));
        }
    }
}
