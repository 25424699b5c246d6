package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.PreCheck;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;

/** {@code java -jar clickpipes-aurora-flyway-<version>-cli.jar migrate|check [options]}. */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final int USAGE = 64;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    Main(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // Flyway logs through SLF4J here; keep its INFO lines and silence the embedded server's chatter.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "info");
        System.setProperty("org.slf4j.simpleLogger.log.dev.cdcready", "info");
        System.exit(new Main(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args, environment);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(CliOptions.USAGE);
            return USAGE;
        }
        if (options.help()) {
            out.println(CliOptions.USAGE);
            return OK;
        }
        if (options.url() == null) {
            return runEmbedded(options);
        }
        return execute(options, options.url(), options.placeholders());
    }

    private int runEmbedded(CliOptions options) {
        out.println("No database given (--url or FLYWAY_URL): starting an embedded PostgreSQL to show what the bundle "
                + "does. Nothing outside this process is touched.");
        try (EmbeddedDatabase database = EmbeddedDatabase.start()) {
            out.println("Embedded PostgreSQL " + database.version() + " is running, with one table, public.orders.");
            Map<String, String> placeholders = new HashMap<>(options.placeholders());
            boolean passwordGiven = environment.containsKey("CLICKPIPES_PASSWORD")
                    || placeholders.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(Placeholders.PASSWORD)
                            || k.equalsIgnoreCase(Placeholders.PASSWORD_FILE));
            if (!passwordGiven) {
                placeholders.put(Placeholders.PASSWORD, randomPassword());
                out.println("clickpipes_user gets a random password for this demonstration (not shown).");
            }
            return execute(new CliOptions(options.command(), database.jdbcUrl(), "postgres", null, placeholders,
                    false), database.jdbcUrl(), placeholders);
        } catch (ClickPipesException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    private int execute(CliOptions options, String url, Map<String, String> placeholders) {
        try {
            ClickPipesSettings settings = SettingsReader.read(placeholders, environment);
            if (options.command().equals("check")) {
                return check(options, url, settings);
            }
            return migrate(options, url, placeholders, settings);
        } catch (InvalidSettingException e) {
            err.println(e.getMessage());
            return REFUSED;
        } catch (RuntimeException e) {
            PreCheckRefusedException refused = find(e, PreCheckRefusedException.class);
            if (refused != null) {
                err.println(refused.getMessage());
                return REFUSED;
            }
            InvalidSettingException invalid = find(e, InvalidSettingException.class);
            if (invalid != null) {
                err.println(invalid.getMessage());
                return REFUSED;
            }
            err.println(options.command() + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private int check(CliOptions options, String url, ClickPipesSettings settings) {
        try (Connection connection = connect(options, url)) {
            PreCheckReport report = PreCheck.run(connection, settings, url);
            out.println("Pre-check of " + url + " as " + report.facts().currentUser() + " (PostgreSQL "
                    + report.facts().version() + ", " + report.facts().detectedPlatform().settingValue() + "):");
            out.println(report.findings().isEmpty() ? "OK: nothing to fix." : report.render());
            return report.passed() ? OK : REFUSED;
        } catch (SQLException e) {
            throw new ClickPipesException("Could not connect to " + url + ": " + e.getMessage(), e);
        }
    }

    private int migrate(CliOptions options, String url, Map<String, String> placeholders,
                        ClickPipesSettings settings) {
        // The callback and the migrations read System.getenv(); hand them this run's CLICKPIPES_PASSWORD too, so
        // that the environment the executable was given is the one that counts (placeholder, never logged).
        Map<String, String> flywayPlaceholders = new HashMap<>(placeholders);
        String environmentPassword = environment.get("CLICKPIPES_PASSWORD");
        if (environmentPassword != null && !environmentPassword.isEmpty()
                && flywayPlaceholders.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(Placeholders.PASSWORD))) {
            flywayPlaceholders.put(Placeholders.PASSWORD, environmentPassword);
        }
        Flyway flyway = ClickPipesFlyway.configure(Flyway.configure(Main.class.getClassLoader())
                .dataSource(url, options.user(), options.adminPassword())
                .placeholders(flywayPlaceholders)).load();
        MigrateResult result = flyway.migrate();
        out.println("Applied " + result.migrationsExecuted + " migration(s) to " + url + ":");
        for (MigrateOutput migration : result.migrations) {
            out.println("  " + (migration.version.isEmpty() ? "R" : "V" + migration.version) + "  "
                    + migration.description);
        }
        out.println("Verified: " + settings.user() + " can log in, read " + settings.schemas()
                + ", replicate, and publication " + settings.publication() + " covers "
                + settings.scope().settingValue() + ".");
        return OK;
    }

    private static Connection connect(CliOptions options, String url) throws SQLException {
        Properties properties = new Properties();
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.adminPassword() != null) {
            properties.setProperty("password", options.adminPassword());
        }
        return DriverManager.getConnection(url, properties);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append((char) ('a' + random.nextInt(26)));
        }
        return password.toString();
    }
}
