package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.ClickPipesException;
import java.util.stream.Collectors;

/** The pre-check refused: nothing was written. */
public final class PreCheckRefusedException extends ClickPipesException {
    private static final long serialVersionUID = 1L;

    private final transient PreCheckReport report;

    /** @param report the report with at least one error */
    public PreCheckRefusedException(PreCheckReport report) {
        super("ClickPipes pre-check refused; nothing was written." + System.lineSeparator()
                + report.errors().stream().map(Finding::render)
                        .collect(Collectors.joining(System.lineSeparator())));
        this.report = report;
    }

    /** @return the full report, warnings included */
    public PreCheckReport report() {
        return report;
    }
}
