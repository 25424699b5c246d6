package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.config.PrintableText;

/**
 * One result of a check.
 *
 * @param severity whether it refuses or warns
 * @param code a stable code, e.g. {@link FindingCode#NOT_WRITER}, for scripts and documentation
 * @param message what was found and what is required
 * @param remediation the exact fix: a setting, a SQL statement or an endpoint
 */
public record Finding(Severity severity, FindingCode code, String message, String remediation) {

    public Finding {
        if (severity == null || code == null || message == null || remediation == null) {
            throw new IllegalArgumentException("a finding needs severity, code, message and remediation");
        }
        // Names read from the catalog may hold line breaks: a finding is one line however it was made.
        message = PrintableText.prose(message);
        remediation = PrintableText.prose(remediation);
    }

    /** @return an error finding */
    public static Finding error(FindingCode code, String message, String remediation) {
        return new Finding(Severity.ERROR, code, message, remediation);
    }

    /** @return a warning finding */
    public static Finding warning(FindingCode code, String message, String remediation) {
        return new Finding(Severity.WARNING, code, message, remediation);
    }

    /** @return an informational finding */
    public static Finding info(FindingCode code, String message, String remediation) {
        return new Finding(Severity.INFO, code, message, remediation);
    }

    /** @return one line for people: {@code ERROR NOT_WRITER: message Fix: remediation} */
    public String render() {
        return severity + " " + code + ": " + message + " Fix: " + remediation;
    }
}
