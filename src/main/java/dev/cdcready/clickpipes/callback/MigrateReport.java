package dev.cdcready.clickpipes.callback;

import java.util.List;
import java.util.Optional;

/**
 * What one migrate run did beyond applying migrations, for the hosts' reports.
 *
 * @param repaired the drift the run's repeatable steps found and re-ran for, in the findings' words
 * @param verified what the verification of the final state established; empty when none ran
 */
public record MigrateReport(List<String> repaired, Optional<String> verified) {

    /** No migrate has finished on this callback. */
    public static final MigrateReport NOT_RUN = new MigrateReport(List.of(), Optional.empty());

    public MigrateReport {
        repaired = List.copyOf(repaired);
    }
}
