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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, separate Maven build of an example under {@code examples/} (the Maven plugin's, the Quarkus application),
 * the way a user runs it, except that it leaves the user's {@code ~/.m2} untouched: its local repository is a scratch
 * one under {@code target/}, where this build installed the bundle's snapshot, and it reads the released artifacts
 * from the user's local repository as a {@code file://} remote, so it needs no network once that is warm.
 */
final class ExampleBuild {

    // A Quarkus build that copies its few hundred artifacts into the scratch repository first takes minutes.
    private static final long TIMEOUT_SECONDS = 600;
    private static final AtomicInteger COPIES = new AtomicInteger();

    /** One finished build: Maven's exit code, everything it printed (stdout and stderr together) and where it ran. */
    record Result(int exitCode, String output, Path project) {
    }

    private ExampleBuild() {
    }

    /**
     * Runs {@code mvn flyway:migrate -Dflyway.url=<url> -Dflyway.user=<user> <extra>} on a fresh copy of the example.
     *
     * @param environment added to a clean environment (no inherited FLYWAY_* or CLICKPIPES_* variables)
     */
    static Result flywayMigrate(String url, String user, Map<String, String> environment, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("flyway:migrate", "-Dflyway.url=" + url,
                "-Dflyway.user=" + user));
        arguments.addAll(List.of(extra));
        return build("maven-plugin", arguments, environment);
    }

    /**
     * Runs Maven on a fresh copy of {@code examples/<example>}.
     *
     * @param goalsAndProperties Maven's arguments after the repository settings
     * @param environment        added to a clean environment (no inherited FLYWAY_* or CLICKPIPES_* variables)
     */
    static Result build(String example, List<String> goalsAndProperties, Map<String, String> environment) {
        try {
            Path project = copyOfExample(example);
            Path settings = writeSettings(project);
            List<String> command = new ArrayList<>(List.of(MavenExecutable.path(), "-B", "-Dstyle.color=never",
                    "-s", settings.toString(),
                    "-Dmaven.repo.local=" + requiredPath("example.repository"),
                    "-Dclickpipes.version=" + required("project.version")));
            command.addAll(goalsAndProperties);
            Path log = project.resolve("build.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("FLYWAY_") || name.startsWith("CLICKPIPES_")
                    || name.equals("MAVEN_ARGS"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError("Maven did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
            }
            return new Result(process.exitValue(), output, project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Maven ran", e);
        }
    }

    /** The versions of an artifact the example's builds resolved into their scratch repository, sorted. */
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


    /** The example copied under target/ (its sources, not any target/ of its own), so the run writes nothing into
     * examples/. */
    private static Path copyOfExample(String example) throws IOException {
        Path source = Path.of(System.getProperty("basedir", "."), "examples", example);
        Path target = Path.of(required("project.build.directory"), "examples",
                example + "-" + COPIES.incrementAndGet());
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path path : old.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (!relative.startsWith("target")) {
                    Files.createDirectories(target.resolve(relative).getParent());
                    Files.copy(file, target.resolve(relative));
                }
            }
        }
        // The mvn script looks upwards for .mvn/ to find the project root: stop it here, not at this project.
        Files.createDirectories(target.resolve(".mvn"));
        return target;
    }

    /**
     * The user's local repository first, as a {@code file://} remote: this build resolved the plugin there, so a warm
     * {@code ~/.m2} answers everything and the run needs no network. Its files carry no checksum files of their own
     * (Maven keeps them for only some), hence checksumPolicy ignore; they were checked when they were downloaded.
     * Anything missing comes from Maven Central into the scratch repository, through a mirror of every other
     * repository, because Flyway's parent POM names repositories besides Central that may be unreachable.
     */
    private static Path writeSettings(Path project) throws IOException {
        String repository = """
                <id>user-local-repository</id><url>%s</url>
                <releases><checksumPolicy>ignore</checksumPolicy></releases>
                <snapshots><enabled>false</enabled></snapshots>"""
                .formatted(requiredPath("example.userRepository").toUri());
        String settings = """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>maven-central</id><mirrorOf>*,!user-local-repository</mirrorOf>
                      <url>https://repo.maven.apache.org/maven2</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>example-build</id>
                      <repositories><repository>%s</repository></repositories>
                      <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>example-build</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository);
        return Files.writeString(project.resolve("it-settings.xml"), settings, StandardCharsets.UTF_8);
    }

    private static Path requiredPath(String property) {
        return Path.of(required(property)).toAbsolutePath();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run through failsafe"
                    + " (mvn verify), which sets it");
        }
        return value;
    }
}
