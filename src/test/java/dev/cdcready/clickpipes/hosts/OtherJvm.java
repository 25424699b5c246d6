package dev.cdcready.clickpipes.hosts;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a small main of the test tree in a JVM of its own, on a class path the caller chooses, so that a host's own
 * jars (another Flyway, another Spring Boot, a Quarkus application) are the ones that load. The bundle's password
 * reaches it only through the environment variable CLICKPIPES_PASSWORD, which the bundle reads itself; no inherited
 * FLYWAY_*, CLICKPIPES_* or SPRING_* variable does.
 */
final class OtherJvm {

    private static final long TIMEOUT_SECONDS = 180;

    /** One finished run: its exit code and everything it printed (stdout and stderr together). */
    record Run(int exitCode, String output) {
    }

    private OtherJvm() {
    }

    static Run run(Class<?> main, List<String> classPath, String password, String... args)
            throws IOException, InterruptedException {
        List<String> javaArguments = new ArrayList<>(List.of("-cp", String.join(File.pathSeparator, classPath),
                main.getName()));
        javaArguments.addAll(List.of(args));
        return java(javaArguments, Map.of("CLICKPIPES_PASSWORD", password));
    }

    /** {@code java -jar <jar>} with these variables added to the cleaned environment. */
    static Run jar(Path jar, Map<String, String> environment) throws IOException, InterruptedException {
        return java(List.of("-jar", jar.toString()), environment);
    }

    private static Run java(List<String> javaArguments, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        Path output = Files.createTempFile("other-jvm", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                    || name.startsWith("CLICKPIPES_") || name.startsWith("SPRING_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s:\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println("---- " + javaArguments + " ----\n" + text);
            return new Run(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Where the test tree's classes are (the small mains and src/test/resources). */
    static String testClasses() {
        return location(OtherJvm.class);
    }

    /** The jar or folder a class was loaded from. */
    static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
