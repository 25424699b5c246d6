package dev.cdcready.clickpipes.hosts;

import dev.cdcready.clickpipes.testsupport.MavenExecutable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An example under {@code examples/} as maven-invoker-plugin built it before the integration tests ran (see the pom):
 * its copy under {@code target/it}, the settings and the scratch local repository the invoker used, which holds the
 * bundle's snapshot so {@code ~/.m2} never does. The invoker cannot give a build a database the test prepares and
 * checks, so a test that needs one starts what was built itself ({@link #application}, {@link #flywayMigrate}).
 */
final class ExampleBuild {

    private static final long TIMEOUT_SECONDS = 300;

    /** One finished Maven run: its exit code and everything it printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    private ExampleBuild() {
    }

    /** {@code examples/<example>} as the invoker built it; fails, pointing at the build's log, if it did not. */
    static Path built(String example, String expectedFile) {
        Path project = requiredPath("examples.built").resolve(example);
        if (!Files.isRegularFile(project.resolve(expectedFile))) {
            throw new AssertionError("maven-invoker-plugin did not build " + expectedFile + " (run through mvn verify;"
                    + " see " + project.resolve("build.log") + ")");
        }
        return project;
    }

    /**
     * Runs {@code mvn -o flyway:migrate -Dflyway.url=<url> -Dflyway.user=<user> <extra>} in the built
     * {@code examples/maven-plugin}: offline, because the invoker's build resolved the plugin, the bundle and the
     * driver into the scratch repository.
     *
     * @param environment added to a clean environment (no inherited FLYWAY_* or CLICKPIPES_* variables)
     */
    static Result flywayMigrate(String url, String user, Map<String, String> environment, String... extra) {
        Path project = built("maven-plugin", "build.log");
        try {
            List<String> command = new ArrayList<>(List.of(MavenExecutable.path(), "-B", "-o",
                    "-Dstyle.color=never", "-s", settings(project).toString(),
                    "-Dmaven.repo.local=" + requiredPath("example.repository"),
                    "-Dclickpipes.version=" + System.getProperty("project.version"),
                    "flyway:migrate", "-Dflyway.url=" + url, "-Dflyway.user=" + user));
            command.addAll(List.of(extra));
            Path log = Files.createTempFile(project, "flyway-migrate", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("FLYWAY_") || name.startsWith("CLICKPIPES_")
                    || name.equals("MAVEN_ARGS"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Maven did not finish within " + TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Maven ran", e);
        }
    }

    /** The versions of an artifact the example builds resolved into their scratch repository, sorted. */
    static List<String> resolvedVersions(String groupId, String artifactId) {
        Path directory = requiredPath("example.repository").resolve(groupId.replace('.', '/')).resolve(artifactId);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(directory)) {
            return versions.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The invoker's settings (src/it/settings.xml) as it filled them in for its builds, which it does not keep: the
     * user's local repository as the file:// remote the scratch repository's artifacts are recorded as coming from.
     */
    private static Path settings(Path project) throws IOException {
        String template = Files.readString(Path.of(System.getProperty("basedir", "."), "src", "it", "settings.xml"),
                StandardCharsets.UTF_8);
        String settings = template.replace("@localRepositoryUrl@",
                requiredPath("example.userRepository").toUri().toString());
        return Files.writeString(project.resolve("it-settings.xml"), settings, StandardCharsets.UTF_8);
    }

    private static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run through failsafe"
                    + " (mvn verify), which sets it");
        }
        return Path.of(value).toAbsolutePath();
    }
}
