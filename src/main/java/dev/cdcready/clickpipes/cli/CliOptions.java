package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.config.Placeholders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The executable's command line, merged with the Flyway CLI's environment variables.
 *
 * @param command {@code migrate} or {@code check}
 * @param url the JDBC URL; null to start an embedded PostgreSQL
 * @param user the migrating role
 * @param adminPassword the migrating role's password, from FLYWAY_PASSWORD only; null when unset
 * @param placeholders the {@code clickpipes_*} settings
 * @param help whether --help was given
 */
record CliOptions(String command, String url, String user, String adminPassword, Map<String, String> placeholders,
                  boolean help) {

    static final String USAGE = """
            Usage: java -jar clickpipes-aurora-flyway-cli.jar <migrate|check> [options]

              migrate   run the pre-check, apply the bundle, verify the result
              check     run the pre-check alone; writes nothing

            Options (each also read from the Flyway CLI's environment variables):
              --url=<jdbc url>          FLYWAY_URL; the cluster WRITER endpoint. Omit to try it on an embedded PostgreSQL
              --user=<role>             FLYWAY_USER; the role that sets things up (its password: FLYWAY_PASSWORD)
              --schemas=<a,b>           clickpipes_schemas (default public)
              --clickpipes-user=<role>  clickpipes_user (default clickpipes_user)
              --publication=<name>      clickpipes_publication (default clickpipes_publication)
              --scope=<s>               clickpipes_publication_scope: all_tables (default), schemas, tables
              --tables=<s.t,...>        clickpipes_tables, for scope tables
              FLYWAY_PLACEHOLDERS_CLICKPIPES_*  any other setting
            The clickpipes_user password comes from CLICKPIPES_PASSWORD or clickpipes_password_file, never from an
            argument. Exit codes: 0 done, 2 refused by the pre-check (nothing written), 1 failed, 64 usage error.
            """;

    private static final Map<String, String> OPTION_PLACEHOLDERS = Map.of(
            "--schemas", Placeholders.SCHEMAS,
            "--clickpipes-user", Placeholders.USER,
            "--publication", Placeholders.PUBLICATION,
            "--scope", Placeholders.PUBLICATION_SCOPE,
            "--tables", Placeholders.TABLES);

    CliOptions {
        placeholders = Map.copyOf(placeholders);
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
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
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
            throw new UsageException("Give a command: migrate or check.");
        }
        if (command != null && !command.equals("migrate") && !command.equals("check")) {
            throw new UsageException("Unknown command '" + command + "': use migrate or check.");
        }
        return new CliOptions(command, url, user, environment.get("FLYWAY_PASSWORD"), placeholders, help);
    }

    @Override
    public String toString() {
        return "CliOptions[command=" + command + ", url=" + url + ", user=" + user + ", adminPassword="
                + (adminPassword == null ? "null" : "<masked>") + ", placeholders=" + placeholders.keySet() + "]";
    }
}
