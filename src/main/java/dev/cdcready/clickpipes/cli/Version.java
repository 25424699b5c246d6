package dev.cdcready.clickpipes.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;

/** The executable's version and the name of the jar it runs from, for {@code --version} and the help. */
final class Version {

    /** Written by Maven into both jars. */
    private static final String POM_PROPERTIES =
            "/META-INF/maven/dev.cdcready/clickpipes-aurora-flyway/pom.properties";

    private Version() {
    }

    /** @return the version, e.g. {@code 0.1.0}; "unknown" outside a jar Maven built (an IDE, the tests) */
    static String version() {
        try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return the file name of the jar this runs from, as the user has it; the built name when not in a jar */
    static String jarName() {
        CodeSource source = Version.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path path = Path.of(source.getLocation().toURI());
                if (path.getFileName() != null && path.getFileName().toString().endsWith(".jar")) {
                    return path.getFileName().toString();
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file (a custom class loader): fall back to the name Maven gives the jar.
            }
        }
        String version = version();
        return "clickpipes-aurora-flyway-" + (version.equals("unknown") ? "<version>" : version) + "-cli.jar";
    }
}
