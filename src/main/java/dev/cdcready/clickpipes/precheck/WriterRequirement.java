package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.platform.ServerFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundle only ever writes on the writer: a server in recovery, or an Aurora instance that the cluster does not
 * report as its writer, is refused with {@link FindingCode#NOT_WRITER} — the one text for the pre-check and teardown.
 */
public final class WriterRequirement {

    /** Where an Aurora cluster's writer is always reachable. */
    public static final String WRITER_ENDPOINT = "<cluster>.cluster-<id>.<region>.rds.amazonaws.com";

    private WriterRequirement() {
    }

    /**
     * @param facts the server
     * @return the NOT_WRITER finding, or nothing when this is the writer
     */
    public static List<Finding> check(ServerFacts facts) {
        List<Finding> findings = new ArrayList<>();
        if (facts.inRecovery()) {
            findings.add(Finding.error(FindingCode.NOT_WRITER,
                    "The server is in recovery (pg_is_in_recovery() is true): it is a read replica or an Aurora "
                            + "reader, where nothing can be written. The setup requires the writer (primary).",
                    "Connect through the cluster writer endpoint " + WRITER_ENDPOINT
                            + " (Aurora), or the primary's host."));
        } else if (facts.aurora().map(a -> a.isKnownReader()).orElse(false)) {
            String instance = facts.aurora().get().instanceId();
            String writer = facts.aurora().get().writerId().orElseThrow();
            findings.add(Finding.error(FindingCode.NOT_WRITER,
                    "This Aurora instance is " + instance + " but the cluster's writer is " + writer
                            + " (aurora_replica_status()). The setup requires the writer.",
                    "Connect through the cluster writer endpoint " + WRITER_ENDPOINT + "."));
        }
        return findings;
    }
}
