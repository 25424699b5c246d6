package dev.cdcready.clickpipes.precheck;

import java.util.List;

/** One concern of the pre-check. Checks only read. */
public interface Check {
    /**
     * @param context what to check
     * @param findings where to add errors and warnings
     */
    void run(CheckContext context, List<Finding> findings);
}
