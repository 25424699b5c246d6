package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.migration.Progress;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.PoolerCheck;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.verify.VerificationFailedException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar clickpipes-aurora-flyway-<version>-cli.jar <command> [options]}: migrate, check, verify, plan,
 * info and teardown. Human output is a short report; {@code --json} prints one document instead.
 */
public final class Main {

    static final int OK = ExitCode.OK.code();
    static final int FAILED = ExitCode.FAILED.code();
    static final int REFUSED = ExitCode.REFUSED.code();
    static final int DRIFT = ExitCode.DRIFT.code();
    static final int USAGE = ExitCode.USAGE.code();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final boolean ownsLogging;

    Main(PrintStream out, PrintStream err, Map<String, String> environment) {
        this(out, err, environment, false);
    }

    private Main(PrintStream out, PrintStream err, Map<String, String> environment, boolean ownsLogging) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.ownsLogging = ownsLogging;
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, System.getenv(), true).run(args));
    }

    int run(String[] args) {
        if (Arrays.asList(args).contains("--version")) {
            out.println("clickpipes-aurora-flyway " + Version.version());
            return OK;
        }
        CliOptions options;
        try {
            options = CliOptions.parse(args, environment);
        } catch (UsageException e) {
            boolean json = Arrays.asList(args).contains("--json");
            Outcome usage = Outcome.of(ExitCode.USAGE, List.of(Finding.error(FindingCode.USAGE, e.getMessage(),
                    "java -jar " + Version.jarName() + " --help")), "");
            if (json) {
                out.println(usage.toJson(null));
            } else {
                // The argument it quotes may be a URL given without --url, password and all.
                err.println(JdbcUrl.redact(e.getMessage()));
                err.println(Help.of(null));
            }
            return USAGE;
        }
        if (options.help()) {
            out.println(Help.of(options.command()));
            return OK;
        }
        if (ownsLogging) {
            ConsoleLogging.configure(options.verbosity(), err);
        }
        Outcome outcome;
        try (ProgressLine progress = options.verbosity() == Verbosity.QUIET ? null : ProgressLine.started(err);
             Progress.Installed installed = Progress.install(progress == null ? Progress.NONE : progress)) {
            outcome = options.url() == null ? runEmbedded(options) : execute(options, options.url(),
                    options.placeholders(), environment);
        }
        if (options.json()) {
            out.println(outcome.toJson(options.command()));
        } else {
            // A preview (teardown without --yes) is the answer asked for, not a failure: stdout, like a success.
            boolean answer = outcome.exitCode() == ExitCode.OK || Boolean.TRUE.equals(outcome.data().get("preview"));
            (answer ? out : err).println(outcome.render());
        }
        return outcome.exitCode().code();
    }

    private Outcome runEmbedded(CliOptions options) {
        if (!options.command().equals("migrate") && !options.command().equals("check")) {
            return Outcome.of(ExitCode.USAGE, List.of(Finding.error(FindingCode.NO_DATABASE, options.command() + " needs a "
                    + "database.", "Give --url=jdbc:postgresql://<writer endpoint>:5432/<db> (or FLYWAY_URL).")), "");
        }
        note(options, "No database given (--url or FLYWAY_URL): starting an embedded PostgreSQL to show what the "
                + "bundle does.");
        try (EmbeddedDatabase database = EmbeddedDatabase.start()) {
            note(options, "Embedded PostgreSQL " + database.version() + " is running on localhost, with one table, "
                    + "public.orders; it runs from " + database.directory() + ", which is removed when done.");
            Map<String, String> placeholders = new HashMap<>(options.placeholders());
            boolean passwordGiven = environment.containsKey("CLICKPIPES_PASSWORD")
                    || placeholders.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(Placeholders.PASSWORD)
                            || k.equalsIgnoreCase(Placeholders.PASSWORD_FILE));
            Map<String, String> runEnvironment = new HashMap<>(environment);
            if (!passwordGiven) {
                // As CLICKPIPES_PASSWORD, never as a Flyway placeholder (Flyway's debug output can show those).
                runEnvironment.put(PasswordSource.ENVIRONMENT_VARIABLE, randomPassword());
                note(options, "clickpipes_user gets a random password for this demonstration (not shown).");
            }
            return execute(options.withDatabase(database.jdbcUrl(), "postgres", placeholders), database.jdbcUrl(),
                    placeholders, runEnvironment);
        } catch (ClickPipesException e) {
            return failed(options.command(), e);
        }
    }

    /** A line for people before the report; with --json it goes to stderr so that stdout stays one document. */
    private void note(CliOptions options, String line) {
        if (options.verbosity() != Verbosity.QUIET) {
            (options.json() ? err : out).println(line);
        }
    }

    /** @return the command's session: its settings read once, the password from {@code runEnvironment} */
    static Session session(CliOptions options, String url, Map<String, String> placeholders,
                           Map<String, String> runEnvironment) {
        ClickPipesSettings settings = SettingsReader.read(placeholders, runEnvironment);
        return new Session(options, JdbcUrl.of(url), placeholders, settings, runEnvironment, false);
    }

    private Outcome execute(CliOptions options, String url, Map<String, String> placeholders,
                            Map<String, String> runEnvironment) {
        try {
            Session session = session(options, url, placeholders, runEnvironment).requireDirectSessions();
            try (LockWaits lockWaits = new LockWaits(session::connectReadOnly)) {
                if (Progress.current() instanceof ProgressLine line) {
                    line.lookUpLockWaitsWith(lockWaits);
                }
                return switch (options.command()) {
                    case "migrate" -> MigrateCommand.run(session);
                    case "check" -> CheckCommand.run(session);
                    case "verify" -> VerifyCommand.run(session);
                    case "plan" -> PlanCommand.run(session);
                    case "info" -> InfoCommand.run(session);
                    case "teardown" -> TeardownCommand.run(session);
                    case "rotate-password" -> RotatePasswordCommand.run(session);
                    default -> throw new IllegalStateException("unknown command " + options.command());
                };
            }
        } catch (RuntimeException e) {
            return failed(options.command(), e);
        }
    }

    /** Turns a failure into findings: a refusal keeps its findings, anything else becomes one FAILED finding. */
    private static Outcome failed(String command, RuntimeException error) {
        Optional<Finding> pooler = PoolerCheck.symptom(error);
        if (pooler.isPresent()) {
            // FAILED, not REFUSED: the symptom shows up after Flyway started, so it cannot say nothing was written.
            return Outcome.of(ExitCode.FAILED, List.of(pooler.get()), "Failed: the connection goes through a "
                    + "transaction pooler.");
        }
        PreCheckRefusedException refused = find(error, PreCheckRefusedException.class);
        if (refused != null) {
            return Outcome.of(ExitCode.REFUSED, refused.report().findings(), "Refused by the pre-check; nothing was "
                    + "written.");
        }
        InvalidSettingException invalid = find(error, InvalidSettingException.class);
        if (invalid != null) {
            return Outcome.of(ExitCode.REFUSED, List.of(Finding.error(FindingCode.INVALID_SETTING, invalid.found(),
                    invalid.fix())), "Refused; nothing was written.");
        }
        VerificationFailedException unverified = find(error, VerificationFailedException.class);
        if (unverified != null) {
            return Outcome.of(ExitCode.FAILED, unverified.findings(), "Migrate ran, but the result does not hold.");
        }
        ClickPipesException known = find(error, ClickPipesException.class);
        String message = known != null ? known.getMessage() : error.getMessage();
        FailureAdvice advice = FailureAdvice.of(error);
        return Outcome.of(ExitCode.FAILED, List.of(Finding.error(FindingCode.FAILED, advice.found(command, message),
                advice.fix(command))), "");
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
