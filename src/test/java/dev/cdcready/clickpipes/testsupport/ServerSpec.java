package dev.cdcready.clickpipes.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What kind of server a test wants. Equal specs share one server in {@link TestServers#get(ServerSpec)}.
 *
 * @param major              PostgreSQL major version, 11 to 18, whose binaries are in the build
 * @param flavor             plain PostgreSQL, or the SQL surface of RDS or Aurora
 * @param reader             a read-only hot standby (Aurora reader endpoint); needs PostgreSQL 12+
 * @param logicalReplication {@code wal_level=logical} (and {@code rds.logical_replication=on} on RDS/Aurora);
 *                           otherwise {@code wal_level=replica}
 * @param extraSettings      server settings applied last, over every default
 */
public record ServerSpec(int major, Flavor flavor, boolean reader, boolean logicalReplication,
                         Map<String, String> extraSettings) {

    /**
     * As the value of {@link #with(String, String)}: leave the setting off the command line, so the server's default
     * applies and ALTER SYSTEM can change it (a command-line setting wins over ALTER SYSTEM).
     */
    public static final String SERVER_DEFAULT = "<server default>";

    private static final int OLDEST_MAJOR = 11;
    private static final int NEWEST_MAJOR = 18;
    private static final int OLDEST_READER_MAJOR = 12;
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** Validates the spec and copies the settings. */
    public ServerSpec {
        Objects.requireNonNull(flavor, "flavor");
        if (major < OLDEST_MAJOR || major > NEWEST_MAJOR) {
            throw new IllegalArgumentException("PostgreSQL " + major + " is outside " + OLDEST_MAJOR + ".." + NEWEST_MAJOR);
        }
        if (!PostgresVersions.isAvailable(major)) {
            throw new IllegalArgumentException("No binaries of PostgreSQL " + major + " in "
                    + PostgresVersions.binariesDirectory().toAbsolutePath()
                    + " (run `mvn generate-test-resources`); available: " + PostgresVersions.availableMajors());
        }
        if (reader && major < OLDEST_READER_MAJOR) {
            throw new IllegalArgumentException("A reader needs standby.signal, PostgreSQL 12+; got " + major);
        }
        extraSettings = Map.copyOf(extraSettings == null ? Map.of() : extraSettings);
        extraSettings.keySet().forEach(ServerSpec::requireSettingName);
    }

    /** A plain PostgreSQL writer with {@code wal_level=logical}. */
    public static ServerSpec plain(int major) {
        return new ServerSpec(major, Flavor.PLAIN, false, true, Map.of());
    }

    /** An Aurora PostgreSQL writer with {@code rds.logical_replication=on}. */
    public static ServerSpec aurora(int major) {
        return new ServerSpec(major, Flavor.AURORA, false, true, Map.of());
    }

    /** An RDS for PostgreSQL instance with {@code rds.logical_replication=on}. */
    public static ServerSpec rds(int major) {
        return new ServerSpec(major, Flavor.RDS, false, true, Map.of());
    }

    /** The same server as a read-only hot standby, with database {@value TestServer#READER_DATABASE}. */
    public ServerSpec asReader() {
        return new ServerSpec(major, flavor, true, logicalReplication, extraSettings);
    }

    /** The same server with {@code wal_level=replica} (and {@code rds.logical_replication=off}). */
    public ServerSpec withoutLogicalReplication() {
        return new ServerSpec(major, flavor, reader, false, extraSettings);
    }

    /** The same server with one more setting, which wins over every default. */
    public ServerSpec with(String setting, String value) {
        Map<String, String> settings = new HashMap<>(extraSettings);
        settings.put(requireSettingName(setting), Objects.requireNonNull(value, "value"));
        return new ServerSpec(major, flavor, reader, logicalReplication, settings);
    }

    private static String requireSettingName(String name) {
        if (name == null || !SETTING_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a setting name: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major + " " + flavor + (reader ? " reader" : " writer")
                + (logicalReplication ? "" : " without logical replication")
                + (extraSettings.isEmpty() ? "" : " " + extraSettings);
    }
}
