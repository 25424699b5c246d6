package dev.cdcready.clickpipes.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fresh folder per test under {@code target/hosts}, holding the bundle's thin jar (as a user's {@code -jarDirs}
 * folder) and an empty folder to run Flyway in.
 */
record BundleFolder(Path jars, Path workingDirectory) {

    static BundleFolder create(String label) throws IOException {
        Path build = Path.of(System.getProperty("project.build.directory", "target"));
        Path jar = build.resolve("clickpipes-aurora-flyway-" + System.getProperty("project.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No bundle jar at " + jar + "; `mvn verify` builds it in package");
        }
        Path root = Files.createDirectories(build.resolve("hosts"));
        Path folder = Files.createTempDirectory(root, label.replaceAll("[^A-Za-z0-9]+", "-") + "-");
        Path jars = Files.createDirectory(folder.resolve("clickpipes-bundle"));
        Files.copy(jar, jars.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        return new BundleFolder(jars, Files.createDirectory(folder.resolve("run")));
    }
}
