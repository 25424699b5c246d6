package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.precheck.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** The setup does not hold after migrate; the findings say what is missing. */
public final class VerificationFailedException extends ClickPipesException {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    /** @param findings what failed */
    public VerificationFailedException(List<Finding> findings) {
        super("ClickPipes verification failed after migrate:" + System.lineSeparator()
                + findings.stream().map(Finding::render).collect(Collectors.joining(System.lineSeparator())));
        this.findings = List.copyOf(findings);
    }

    /** @return what failed */
    public List<Finding> findings() {
        return findings;
    }
}
