package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.precheck.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command ends with: its exit code, its findings, and what it has to say, for people and for {@code --json}.
 *
 * @param exitCode the process exit code
 * @param findings errors, warnings and notes, each with its fix
 * @param text the human report, without the findings
 * @param data the command's own part of the JSON document
 */
record Outcome(ExitCode exitCode, List<Finding> findings, String text, Map<String, Object> data) {

    Outcome {
        findings = List.copyOf(findings);
        data = new LinkedHashMap<>(data);
    }

    static Outcome of(ExitCode exitCode, List<Finding> findings, String text) {
        return new Outcome(exitCode, findings, text, Map.of());
    }

    Outcome with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(key, value);
        return new Outcome(exitCode, findings, text, more);
    }

    /** @return the whole report for people: the text, then one line per finding */
    String render() {
        StringBuilder out = new StringBuilder(text);
        for (Finding finding : findings) {
            if (!out.isEmpty()) {
                out.append(System.lineSeparator());
            }
            out.append(finding.render());
        }
        // The last line of defence: a driver's or Flyway's message may quote a URL the bundle did not build.
        return JdbcUrl.redact(out.toString());
    }

    /** @return the one JSON document {@code --json} prints */
    String toJson(String command) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", command);
        document.put("status", exitCode.status());
        document.put("exitCode", exitCode.code());
        List<Object> list = new ArrayList<>();
        for (Finding finding : findings) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("severity", finding.severity().name());
            f.put("code", finding.code().name());
            f.put("message", finding.message());
            f.put("fix", finding.remediation());
            list.add(f);
        }
        document.put("findings", list);
        document.putAll(data);
        return JdbcUrl.redact(Json.write(document));
    }
}
