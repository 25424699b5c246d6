package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.platform.ServerFacts;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a pre-check.
 *
 * @param facts what the server said about itself
 * @param findings every error and warning, in check order
 */
public record PreCheckReport(ServerFacts facts, List<Finding> findings) {

    public PreCheckReport {
        findings = List.copyOf(findings);
    }

    /** @return the findings that refuse */
    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    /** @return the findings that only warn */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> f.severity() == Severity.WARNING).toList();
    }

    /** @return true when nothing refuses */
    public boolean passed() {
        return errors().isEmpty();
    }

    /** @return every finding, one rendered line each */
    public String render() {
        return findings.stream().map(Finding::render).collect(Collectors.joining(System.lineSeparator()));
    }
}
