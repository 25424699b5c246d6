package dev.cdcready.clickpipes.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Maven that runs this build, for tests that run a nested build. */
public final class MavenExecutable {

    private MavenExecutable() {
    }

    /** @return {@code ${maven.home}/bin/mvn} of the Maven running this build; {@code mvn} on the PATH otherwise */
    public static String path() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }
}
