package dev.cdcready.clickpipes.cli;

import java.util.Map;

/** The executable's help: one overview, and one page per command. */
final class Help {

    private static final String JAR = "clickpipes-aurora-flyway-cli.jar";

    static final String OVERVIEW = """
            Usage: java -jar clickpipes-aurora-flyway-cli.jar <command> [options]

            Commands:
              migrate    run the pre-check, apply the bundle, verify the result
              check      run the pre-check alone; writes nothing
              verify     re-check a live database against the settings; exit 3 on drift; writes nothing
              plan       print the SQL migrate would run now (password redacted); writes nothing
              info       the bundle's Flyway history and the current state
              teardown   drop the publication, revoke, drop the role (decommissioning); needs --yes
              rotate-password  give the existing clickpipes_user the password in CLICKPIPES_PASSWORD, on purpose

            java -jar clickpipes-aurora-flyway-cli.jar <command> --help  shows a command's options.
            Exit codes: 0 done, 1 failed, 2 refused (nothing written), 3 drift (verify), 64 usage error.
            """;

    static final String CONNECTION = """
            Connection and settings (each also read from the Flyway CLI's environment variables):
              --url=<jdbc url>          FLYWAY_URL; the cluster WRITER endpoint%s
              --user=<role>             FLYWAY_USER; the role that sets things up (its password: FLYWAY_PASSWORD)
              --schemas=<a,b>           clickpipes_schemas (default public)
              --clickpipes-user=<role>  clickpipes_user (default clickpipes_user)
              --publication=<name>      clickpipes_publication (default clickpipes_publication)
              --scope=<s>               clickpipes_publication_scope: all_tables (default), schemas, tables
              --tables=<s.t,...>        clickpipes_tables, for scope tables
              FLYWAY_PLACEHOLDERS_CLICKPIPES_*  any other setting
              --password-file=<path>    clickpipes_password_file: clickpipes_user's password, from a file
              --auth=<password|iam>     clickpipes_auth: how ClickPipes logs in (iam: Aurora/RDS, no password)
              --json                    print one JSON document (status, exitCode, findings with fixes) instead
              --quiet                   print only the result and the findings
              --verbose                 also print Flyway's own log (each migration and callback)
              --version                 print the version and exit
            The clickpipes_user password comes from CLICKPIPES_PASSWORD or --password-file, never from an argument.
            """;

    private static final Map<String, String> COMMANDS = Map.of(
            "migrate", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar migrate [options]

                    Runs the pre-check (refuses before anything is written), applies the bundle's migrations with
                    Flyway into the history table clickpipes_flyway.clickpipes_schema_history, and verifies the result.
                    Exit codes: 0 applied and verified, 2 refused, 1 failed.
                    """,
            "check", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar check [options]

                    Runs the pre-check alone and lists every finding with its fix. Writes nothing.
                    Exit codes: 0 migrate may run, 2 migrate would be refused, 1 failed.
                    """,
            "verify", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar verify [options] [--slot-wal-limit=10GB]

                    Re-checks a live database against the settings, in a read-only transaction: USAGE on every
                    configured schema, SELECT on every table (naming those missing), default privileges per owner, the
                    replication privilege, the publication and its scope, published tables without a key, and the
                    health of pgoutput replication slots (inactive; lost; retaining more WAL than --slot-wal-limit).
                    With CLICKPIPES_PASSWORD set it also logs in as clickpipes_user over a replication connection and
                    runs IDENTIFY_SYSTEM, as ClickPipes does.
                    Exit codes: 0 all holds (warnings may be listed), 3 drift, 1 failed.
                    """,
            "plan", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar plan [options]

                    Prints the exact SQL migrate would run on this database now, migration by migration, with the
                    password statement redacted. Runs in a read-only transaction and writes nothing.
                    Exit codes: 0 planned (or nothing to do), 2 migrate would be refused, 1 failed.
                    """,
            "info", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar info [options]

                    Shows the bundle's Flyway history (applied and pending migrations) and the current state:
                    clickpipes_user, the publication, replication slots, and anything verify would report;
                    after migrate, what to enter in ClickPipes' Postgres source form (never a password).
                    Exit codes: 0 shown, 1 failed.
                    """,
            "teardown", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar teardown --yes [--ignore-slot=name]... [options]

                    Decommissions the setup in one transaction: drops the publication, revokes every privilege
                    clickpipes_user holds in this database (whoever granted it), drops the role unless another
                    database still needs it (then the last database's teardown drops it), and drops the bundle's
                    history table and schema. Refuses while any logical slot of the database is read right now, or an
                    inactive pgoutput slot may still read the publication, naming it; --ignore-slot=name (repeatable)
                    names a slot that does not read the publication. Without --yes it prints what it would run and
                    changes nothing.
                    Exit codes: 0 done (or nothing to do), 2 refused, 64 --yes missing, 1 failed.
                    """,
            "rotate-password", """
                    Usage: java -jar clickpipes-aurora-flyway-cli.jar rotate-password [options]

                    Replaces the password of the existing clickpipes_user with the one in CLICKPIPES_PASSWORD (or
                    clickpipes_password_file), hashed here (SCRAM-SHA-256), then logs in with it to prove it. The role
                    is shared by every database on the server: migrate never replaces its password by itself. Refuses
                    a role with rights beyond what ClickPipes needs. Sends nothing when the password already logs in.
                    Exit codes: 0 replaced (or already in place), 2 refused, 1 failed.
                    """);

    private Help() {
    }

    /** @return the help for {@code command}, or the overview when it is null */
    static String of(String command) {
        String help;
        if (command == null) {
            help = OVERVIEW + System.lineSeparator() + CONNECTION.formatted(
                    ". Omit it (migrate, check) to try an embedded PostgreSQL");
        } else {
            help = COMMANDS.get(command) + System.lineSeparator() + CONNECTION.formatted(
                    command.equals("migrate") || command.equals("check")
                            ? ". Omit it to try the command on an embedded PostgreSQL" : "");
        }
        // The texts say the jar's generic name; users copy the command, so show the file they actually have.
        return help.replace(JAR, Version.jarName());
    }

    /** @return whether {@code command} is one */
    static boolean isCommand(String command) {
        return COMMANDS.containsKey(command);
    }
}
