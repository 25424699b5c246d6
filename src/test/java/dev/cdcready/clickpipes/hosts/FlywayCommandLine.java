package dev.cdcready.clickpipes.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One installed Flyway command line, started as a separate process the way a user starts it. The build puts them in
 * {@code target/flyway-cli} (see the pom's {@code flyway-cli-*-for-tests} executions):
 *
 * <ul>
 *   <li>Flyway 11: the distribution's own launcher script {@code flyway}, with its {@code lib/} and PostgreSQL driver;</li>
 *   <li>Flyway 12: the main class that script runs, {@code org.flywaydb.commandline.Main}, on a classpath of
 *       flyway-commandline, flyway-core, flyway-database-postgresql, the driver and Jackson's TOML reader (Flyway 12's
 *       tar.gz distribution is not on Maven Central).</li>
 * </ul>
 */
record FlywayCommandLine(String name, List<String> launcher) {

    private static final long TIMEOUT_SECONDS = 120;
    /** Inherited variables that would change what Flyway or the bundle read; each test sets its own. */
    private static final List<String> INHERITED_PREFIXES = List.of("FLYWAY_", "flyway_", "CLICKPIPES_", "DB_ADMIN_");

    /** Every Flyway command line the tests prove the bundle on. */
    static List<FlywayCommandLine> all() {
        return List.of(distribution11(), mainClass12());
    }

    /** {@code <install dir>/flyway} of the Flyway 11 distribution. */
    static FlywayCommandLine distribution11() {
        Path home = Path.of(required("flyway.cli11.home"));
        Path script = home.resolve("flyway");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("No executable Flyway launcher at " + script
                    + "; `mvn verify` unpacks it in pre-integration-test");
        }
        return new FlywayCommandLine("Flyway " + required("flyway.cli11.version") + " launcher script",
                List.of(script.toString()));
    }

    /** {@code java -cp "lib/*" org.flywaydb.commandline.Main} of Flyway 12. */
    static FlywayCommandLine mainClass12() {
        Path lib = Path.of(required("flyway.cli12.lib"));
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No Flyway 12 jars in " + lib + "; `mvn verify` copies them in"
                    + " pre-integration-test");
        }
        return new FlywayCommandLine("Flyway " + required("flyway.cli12.version") + " main class",
                List.of(java().toString(), "-cp", lib + "/*", "org.flywaydb.commandline.Main"));
    }

    /**
     * Runs the command line and waits for it.
     *
     * @param workingDirectory where it runs (an empty folder, so that no {@code flyway.toml} there is picked up)
     * @param environment      variables added to a cleaned copy of this JVM's environment
     * @param arguments        the Flyway arguments, command included
     */
    CommandLineRun run(Path workingDirectory, Map<String, String> environment, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(arguments);
        Path output = Files.createTempFile(workingDirectory, "flyway", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.equals("CLASSPATH") || key.equals("JAVA_ARGS")
                || INHERITED_PREFIXES.stream().anyMatch(key::startsWith));
        // The launcher script runs $JAVA_HOME/bin/java: the JVM running the tests.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!finished) {
            throw new AssertionError(name + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + text);
        }
        return new CommandLineRun(process.exitValue(), text);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run through `mvn verify`");
        }
        return value;
    }
}
