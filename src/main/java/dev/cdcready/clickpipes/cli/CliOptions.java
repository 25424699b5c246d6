package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.catalog.ByteSize;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.Placeholders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The executable's command line, merged with the Flyway CLI's environment variables.
 *
 * @param command one of {@link Help}'s commands; null only with --help
 * @param url the JDBC URL; null to start an embedded PostgreSQL (migrate and check)
 * @param user the migrating role
 * @param adminPassword the migrating role's password, from FLYWAY_PASSWORD only; null when unset
 * @param placeholders the {@code clickpipes_*} settings
 * @param help whether --help was given
 * @param json whether --json was given
 * @param yes whether --yes was given (teardown)
 * @param slotWalLimit the --slot-wal-limit (verify); null for the default
 * @param ignoredSlots the slots named by --ignore-slot (teardown), repeatable
 * @param verbosity --quiet, --verbose or neither
 */
record CliOptions(String command, String url, String user, String adminPassword, Map<String, String> placeholders,
                  boolean help, boolean json, boolean yes, String slotWalLimit, List<String> ignoredSlots,
                  Verbosity verbosity) {

    private static final Map<String, String> OPTION_PLACEHOLDERS = Map.of(
            "--schemas", Placeholders.SCHEMAS,
            "--clickpipes-user", Placeholders.USER,
            "--publication", Placeholders.PUBLICATION,
            "--scope", Placeholders.PUBLICATION_SCOPE,
            "--tables", Placeholders.TABLES,
            "--password-file", Placeholders.PASSWORD_FILE,
            "--auth", Placeholders.AUTH);

    CliOptions {
        placeholders = Map.copyOf(placeholders);
        ignoredSlots = List.copyOf(ignoredSlots);
    }

    /** @return the options; throws {@link UsageException} for anything unknown */
    static CliOptions parse(String[] args, Map<String, String> environment) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("FLYWAY_PLACEHOLDERS_")) {
                placeholders.put(name.substring("FLYWAY_PLACEHOLDERS_".length()).toLowerCase(Locale.ROOT), value);
            }
        });
        String command = null;
        String url = environment.get("FLYWAY_URL");
        String user = environment.get("FLYWAY_USER");
        boolean help = false;
        boolean json = false;
        boolean yes = false;
        String slotWalLimit = null;
        List<String> ignoredSlots = new ArrayList<>();
        boolean quiet = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals("--json") || arg.equals("--yes")) {
                json |= arg.equals("--json");
                yes |= arg.equals("--yes");
                continue;
            }
            if (arg.equals("--quiet") || arg.equals("--verbose")) {
                quiet |= arg.equals("--quiet");
                verbose |= arg.equals("--verbose");
                continue;
            }
            if (!arg.startsWith("--")) {
                if (command != null) {
                    throw new UsageException("Unexpected argument '" + arg + "': give one command.");
                }
                command = arg;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("Option " + name + " needs a value.");
            }
            switch (name) {
                case "--url" -> url = value;
                case "--user" -> user = value;
                case "--slot-wal-limit" -> slotWalLimit = size(name, value);
                case "--ignore-slot" -> ignoredSlots.add(value);
                case "--password", "--clickpipes-password" -> throw new UsageException("Passwords are not taken "
                        + "from the command line (it shows in the process list and shell history): set "
                        + "FLYWAY_PASSWORD for the migrating role and CLICKPIPES_PASSWORD for clickpipes_user.");
                default -> {
                    String placeholder = OPTION_PLACEHOLDERS.get(name);
                    if (placeholder == null) {
                        throw new UsageException("Unknown option " + name + ".");
                    }
                    placeholders.put(placeholder, value);
                }
            }
        }
        if (command == null && !help) {
            throw new UsageException("Give a command: migrate, check, verify, plan, info, teardown or "
                    + "rotate-password.");
        }
        if (command != null && !Help.isCommand(command)) {
            throw new UsageException("Unknown command '" + command + "': use migrate, check, verify, plan, info, "
                    + "teardown or rotate-password.");
        }
        if (quiet && verbose) {
            throw new UsageException("Give --quiet or --verbose, not both.");
        }
        return new CliOptions(command, url, user, environment.get("FLYWAY_PASSWORD"), placeholders, help, json, yes,
                slotWalLimit, ignoredSlots, quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL);
    }

    /** A size the user typed is a usage error when it is not one, not a refusal of the database. */
    private static String size(String option, String value) {
        try {
            ByteSize.parse(option, value);
            return value;
        } catch (InvalidSettingException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** @return the same options pointed at another database, as another role */
    CliOptions withDatabase(String newUrl, String newUser, Map<String, String> newPlaceholders) {
        return new CliOptions(command, newUrl, newUser, null, newPlaceholders, help, json, yes, slotWalLimit,
                ignoredSlots, verbosity);
    }

    @Override
    public String toString() {
        return "CliOptions[command=" + command + ", url=" + JdbcUrl.redact(url) + ", user=" + user + ", adminPassword="
                + (adminPassword == null ? "null" : "<masked>") + ", placeholders=" + placeholders.keySet() + ", json=" + json + ", yes=" + yes + "]";
    }
}
