package dev.cdcready.clickpipes.precheck;

/** How much a finding matters. */
public enum Severity {
    /** The bundle refuses to go on. */
    ERROR,
    /** The bundle goes on; the operator should look. */
    WARNING,
    /** Nothing is wrong; something was not checked, or is worth knowing. */
    INFO
}
