package dev.cdcready.clickpipes.cli;

import java.io.IOException;
import java.sql.SQLException;

/**
 * What to do after an unexpected failure, by its kind: the SQLState of the first database error in the cause chain,
 * or an I/O error. Each migration is one transaction, but a connection lost at COMMIT leaves the client unsure whether
 * it committed, and a missing privilege or a lock is not fixed by running again — so one text does not fit all.
 */
enum FailureAdvice {

    CONNECTION("The connection to the database failed while running %s.",
            "Check that the endpoint is the cluster's writer and reachable (network, security group, the server up); "
                    + "then run `info` to see which migrations were recorded and run %s again: a migration cut off "
                    + "before its commit was rolled back, and a repeatable step re-runs until its checks hold."),
    PERMISSION("The migrating role lacks a privilege (SQLState 42501) while running %s.",
            "Run as the cluster's master user (rds_superuser on Aurora/RDS, a superuser on PostgreSQL), or grant "
                    + "what the message names; `check` lists every requirement. Nothing of the failed migration was "
                    + "kept: it is one transaction. Then run %s again."),
    LOCK("Another session holds a lock this run needs (SQLState 55P03 lock_not_available) while running %s.",
            "Find the session: SELECT pid, usename, state, xact_start, query FROM pg_catalog.pg_stat_activity WHERE "
                    + "pid OPERATOR(pg_catalog.=) ANY (pg_catalog.pg_blocking_pids(<pid of the waiting session>)); "
                    + "let its transaction finish (or raise clickpipes_lock_timeout) and run %s again; the failed "
                    + "migration was rolled back."),
    UNKNOWN("An unexpected error while running %s.",
            "See the message. A failed migration is one transaction and was rolled back; run `info` to see what "
                    + "was recorded, fix the cause and run %s again.");

    private final String found;
    private final String fix;

    FailureAdvice(String found, String fix) {
        this.found = found;
        this.fix = fix;
    }

    /** @return the advice for this failure */
    static FailureAdvice of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")) {
                    return CONNECTION;
                }
                if (state.equals("42501")) {
                    return PERMISSION;
                }
                if (state.equals("55P03")) {
                    return LOCK;
                }
                return UNKNOWN;
            }
            if (t instanceof IOException) {
                return CONNECTION;
            }
        }
        return UNKNOWN;
    }

    /** @return what was being done, then the message */
    String found(String command, String message) {
        return found.formatted(command) + " " + message;
    }

    /** @return what to do next */
    String fix(String command) {
        return fix.formatted(command);
    }
}
