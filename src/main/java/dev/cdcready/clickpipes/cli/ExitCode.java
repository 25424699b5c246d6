package dev.cdcready.clickpipes.cli;

/** The executable's exit codes; scripts and monitoring rely on them, so they never change meaning. */
enum ExitCode {
    /** Done, or all holds. */
    OK(0, "ok"),
    /** Failed while running (connection, SQL, verification after migrate). */
    FAILED(1, "failed"),
    /** Refused by the pre-check or by an invalid setting; nothing was written. */
    REFUSED(2, "refused"),
    /** {@code verify}: the database no longer matches the settings. */
    DRIFT(3, "drift"),
    /** Bad command line. */
    USAGE(64, "usage");

    private final int code;
    private final String status;

    ExitCode(int code, String status) {
        this.code = code;
        this.status = status;
    }

    int code() {
        return code;
    }

    String status() {
        return status;
    }
}
