package dev.cdcready.clickpipes.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.cdcready.clickpipes.testsupport.MavenExecutable;
import org.junit.jupiter.api.Test;

/**
 * Two clean builds of this work tree, in two fresh copies, give byte-identical jars (thin, -cli, -sources, -javadoc)
 * and SBOMs: {@code .ci/reproducible-build}, run as part of {@code mvn verify}.
 */
class ReproducibleBuildIT {

    @Test
    void twoCleanBuildsProduceByteIdenticalArtifacts() throws IOException, InterruptedException {
        Path log = Files.createTempFile("reproducible-build", ".log");
        List<String> command = new ArrayList<>(List.of("bash", ".ci/reproducible-build"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MAVEN", MavenExecutable.path());
        if (System.getProperty("maven.offline", "").equals("offline=true")) {
            builder.environment().put("MAVEN_FLAGS", "-o");
        }
        Process process = builder.start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "the two builds took longer than 15 minutes");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Reproducible: two clean builds produced byte-identical artifacts"), output);
        assertTrue(output.contains("-cli.jar") && output.contains("-sources.jar"), output);
        Files.deleteIfExists(log);
    }
}
