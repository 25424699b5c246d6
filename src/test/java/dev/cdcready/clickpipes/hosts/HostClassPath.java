package dev.cdcready.clickpipes.hosts;

import dev.cdcready.clickpipes.testsupport.MavenExecutable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The class path a host application has, as Maven resolves it for one of the small POMs in
 * {@code src/test/host-poms/} (a Spring Boot line with its managed Flyway, or a bare flyway-core of some version):
 * a nested {@code mvn dependency:build-classpath}. Those POMs name released artifacts only, so the nested build reads
 * and fills the user's local repository just as this build does; offline when this build is.
 */
final class HostClassPath {

    private static final long TIMEOUT_SECONDS = 300;

    private HostClassPath() {
    }

    /**
     * @param pom        the folder under {@code src/test/host-poms}
     * @param properties the POM's properties to set, such as the version to resolve
     * @return the bundle's classes, the host's jars in Maven's order, then the test classes with the small mains
     */
    static List<String> of(String pom, Map<String, String> properties) throws IOException, InterruptedException {
        Path build = Path.of(System.getProperty("project.build.directory", "target")).toAbsolutePath();
        String name = pom + "-" + String.join("-", properties.values());
        Path output = build.resolve("host-poms").resolve(name + ".classpath");
        Path log = build.resolve("host-poms").resolve(name + ".log");
        Files.createDirectories(output.getParent());
        Path project = Path.of(System.getProperty("basedir", "."), "src", "test", "host-poms", pom, "pom.xml")
                .toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(MavenExecutable.path(), "-B", "-q", "-f", project.toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + output));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (System.getProperty("maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("resolving " + name + " took over " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("resolving " + name + " failed:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        List<String> entries = new ArrayList<>();
        entries.add(build.resolve("classes").toString());
        entries.addAll(List.of(Files.readString(output, StandardCharsets.UTF_8).strip().split(File.pathSeparator)));
        entries.add(OtherJvm.testClasses());
        return entries;
    }
}
