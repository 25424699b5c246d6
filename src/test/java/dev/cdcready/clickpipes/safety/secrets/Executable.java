package dev.cdcready.clickpipes.safety.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The executable, run in-process (its main logic, with a given environment) or as {@code java -jar}. */
final class Executable {

    private Executable() {
    }

    /** @return exit code, then everything printed: its own streams and the JVM's console meanwhile */
    static Result inProcess(Map<String, String> environment, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Main's constructor takes its streams and environment but is package-private: the tests of the cli package
        // call it directly; from here, reflection.
        Class<?> main = Class.forName("dev.cdcready.clickpipes.cli.Main");
        Constructor<?> constructor = main.getDeclaredConstructor(PrintStream.class, PrintStream.class, Map.class);
        constructor.setAccessible(true);
        Method run = main.getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        int code;
        String console;
        try (ConsoleCapture capture = new ConsoleCapture();
             PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = (int) run.invoke(constructor.newInstance(o, e, environment), (Object) args);
            console = capture.text();
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)
                + console);
    }

    /**
     * Runs {@code java -jar target/clickpipes-aurora-flyway-<version>-cli.jar … --verbose} with exactly this
     * environment added.
     */
    static Result jar(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("project.build.directory", "target"),
                "clickpipes-aurora-flyway-" + System.getProperty("project.version") + "-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no executable jar at " + jar + " (run mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        // The most the executable says: with --verbose its output includes Flyway's own log lines too.
        command.add("--verbose");
        Path output = Files.createTempFile("clickpipes-secrets", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                    || name.startsWith("CLICKPIPES_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("java -jar did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * @param exitCode the exit code
     * @param output   everything printed
     */
    record Result(int exitCode, String output) {
    }
}
