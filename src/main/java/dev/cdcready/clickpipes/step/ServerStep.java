package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.platform.Endpoint;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.SupportedVersions;
import dev.cdcready.clickpipes.precheck.Check;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.WriterRequirement;
import java.util.List;

/**
 * The guide's server step: the writer endpoint, PostgreSQL 12 or newer, logical replication. It only requires: the
 * bundle cannot change any of it (a parameter group and a reboot are the operator's), so it has nothing to apply,
 * verify as drift or undo. {@code V1__Require_writer_with_logical_replication.sql} repeats the three refusals in SQL
 * for hosts without the bundle's callback.
 */
final class ServerStep implements Check {

    private static final String WRITER_ENDPOINT = WriterRequirement.WRITER_ENDPOINT;

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        endpoint(context, findings);
        writer(context.facts(), findings);
        version(context.facts(), findings);
        logicalReplication(context.facts(), context.platform(), findings);
    }

    private static void endpoint(CheckContext context, List<Finding> findings) {
        for (Endpoint endpoint : Endpoint.fromJdbcUrl(context.jdbcUrl())) {
            switch (endpoint.kind()) {
                case CLUSTER_READER -> findings.add(Finding.error(FindingCode.READER_ENDPOINT,
                        "The JDBC URL's host " + endpoint.host() + " is an Aurora cluster reader endpoint; the setup "
                                + "must run on the writer.",
                        "Use the cluster writer endpoint " + endpoint.writerHost() + " in the JDBC URL."));
                case CLUSTER_CUSTOM -> findings.add(Finding.warning(FindingCode.CUSTOM_ENDPOINT,
                        "The JDBC URL's host " + endpoint.host() + " is an Aurora custom endpoint, which can route to "
                                + "a reader.", "Use the cluster writer endpoint " + WRITER_ENDPOINT + "."));
                case PROXY -> findings.add(Finding.warning(FindingCode.PROXY_ENDPOINT,
                        "The JDBC URL's host " + endpoint.host() + " is an RDS Proxy endpoint; ClickPipes itself "
                                + "cannot replicate through a proxy.",
                        "Configure ClickPipes with the cluster writer endpoint " + WRITER_ENDPOINT + "."));
                case INSTANCE -> {
                    if (context.platform() == Platform.AURORA) {
                        findings.add(Finding.warning(FindingCode.INSTANCE_ENDPOINT,
                                "The JDBC URL's host " + endpoint.host() + " is an Aurora instance endpoint; after "
                                        + "a failover that instance is a reader.",
                                "Use the cluster writer endpoint " + WRITER_ENDPOINT + "."));
                    }
                }
                case CLUSTER_WRITER, OTHER -> {
                    // The right endpoint, or a name we cannot judge: the server-side checks below decide.
                }
                default -> throw new IllegalStateException(endpoint.kind().toString());
            }
        }
    }

    private static void writer(ServerFacts facts, List<Finding> findings) {
        findings.addAll(WriterRequirement.check(facts));
    }

    private static void version(ServerFacts facts, List<Finding> findings) {
        if (facts.major() < SupportedVersions.MINIMUM_MAJOR) {
            findings.add(Finding.error(FindingCode.VERSION_UNSUPPORTED,
                    "The server is PostgreSQL " + facts.version() + " (server_version_num " + facts.versionNum()
                            + "); ClickPipes needs PostgreSQL " + SupportedVersions.MINIMUM_MAJOR + " or newer.",
                    "Upgrade the cluster to (Aurora) PostgreSQL " + SupportedVersions.MINIMUM_MAJOR
                            + " or newer, then run migrate again."));
        } else if (facts.major() > SupportedVersions.NEWEST_TESTED_MAJOR) {
            findings.add(Finding.warning(FindingCode.VERSION_UNTESTED,
                    "The server is PostgreSQL " + facts.version() + "; the bundle is tested up to "
                            + SupportedVersions.NEWEST_TESTED_MAJOR + ".",
                    "Run the bundle's check and verify commands after migrate, and report any problem."));
        }
    }

    private static void logicalReplication(ServerFacts facts, Platform platform, List<Finding> findings) {
        if (!"logical".equals(facts.walLevel())) {
            if (platform.isAws()) {
                findings.add(Finding.error(FindingCode.LOGICAL_REPLICATION_OFF,
                        "rds.logical_replication is " + facts.rdsLogicalReplication().orElse("not set")
                                + " and wal_level is " + facts.walLevel() + "; ClickPipes needs wal_level = logical.",
                        "Set rds.logical_replication = 1 in the DB cluster parameter group (Aurora) or DB "
                                + "parameter group (RDS), then reboot the writer instance."));
            } else {
                findings.add(Finding.error(FindingCode.LOGICAL_REPLICATION_OFF,
                        "wal_level is " + facts.walLevel() + "; ClickPipes needs wal_level = logical.",
                        "Run ALTER SYSTEM SET wal_level = logical; as a superuser, then restart PostgreSQL."));
            }
        }
        if (facts.walSenderTimeoutMillis() != 0) {
            // Once a warning on every run; ClickPipes now sets its own value on its replication connection.
            findings.add(Finding.info(FindingCode.WAL_SENDER_TIMEOUT,
                    "wal_sender_timeout is " + facts.walSenderTimeoutMillis() + " ms. ClickPipes sets "
                            + "wal_sender_timeout = 120s on its own replication connection, so the server's value "
                            + "does not end its initial load; its guide no longer asks for 0.",
                    "Nothing to do."));
        }
        if (facts.freeReplicationSlots() <= 0) {
            findings.add(Finding.warning(FindingCode.NO_FREE_REPLICATION_SLOT,
                    "Every replication slot (max_replication_slots) is in use; ClickPipes needs one.",
                    "Raise max_replication_slots (restart needed), or drop an unused slot with "
                            + "SELECT pg_catalog.pg_drop_replication_slot('<name>');"));
        }
        if (facts.freeWalSenders() <= 0) {
            findings.add(Finding.warning(FindingCode.NO_FREE_WAL_SENDER,
                    "Every WAL sender (max_wal_senders) is in use; ClickPipes needs one.",
                    "Raise max_wal_senders (restart needed)."));
        }
    }

    @Override
    public String toString() {
        return "server";
    }
}
