package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.testsupport.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the executable's main logic, with its exit code and what it printed.
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Main(o, e, environment).run(args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code command --url url --user postgres --clickpipes-user user more…}: as the test servers' superuser. */
    static CliRun asSuperuser(Map<String, String> environment, String url, String clickpipesUser, String command,
                              String... more) {
        return as(environment, url, "postgres", clickpipesUser, command, more);
    }

    /** {@code command --url url --user migrator --clickpipes-user user more…}. */
    static CliRun as(Map<String, String> environment, String url, String migrator, String clickpipesUser,
                     String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--url", url, "--user", migrator,
                "--clickpipes-user", clickpipesUser));
        args.addAll(List.of(more));
        return run(environment, args.toArray(String[]::new));
    }

    String all() {
        return out + err;
    }

    /** @return standard output as the one JSON document --json promises */
    Map<String, Object> json() {
        return JsonReader.object(out);
    }

    /** @return the codes of the --json document's findings, in order */
    @SuppressWarnings("unchecked")
    List<String> findingCodes() {
        return ((List<Map<String, Object>>) json().get("findings")).stream().map(f -> (String) f.get("code")).toList();
    }

    /** @return the --json document's finding with {@code code}; fails when there is none */
    @SuppressWarnings("unchecked")
    Map<String, Object> finding(String code) {
        return ((List<Map<String, Object>>) json().get("findings")).stream().filter(f -> code.equals(f.get("code")))
                .findFirst().orElseThrow(() -> new AssertionError("no finding " + code + " in " + out));
    }
}
