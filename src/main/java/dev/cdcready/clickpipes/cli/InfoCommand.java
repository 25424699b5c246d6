package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.PublicationInfo;
import dev.cdcready.clickpipes.catalog.ReplicationSlot;
import dev.cdcready.clickpipes.catalog.RoleInfo;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.verify.ClickPipeSource;
import dev.cdcready.clickpipes.verify.DriftCheck;
import dev.cdcready.clickpipes.verify.Verifier;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;

/** {@code info}: the bundle's history and the current state in one view. Reads only. */
final class InfoCommand {

    private static final String NL = System.lineSeparator();

    private InfoCommand() {
    }

    static Outcome run(Session session) {
        MigrationInfo[] history = session.flyway().info().all();
        Connection connection = session.connectReadOnly();
        try {
            ClickPipesSettings settings = session.settings();
            ServerFacts facts = ServerFactsReader.read(connection);
            Catalog catalog = new Catalog(connection);
            RoleInfo role = catalog.role(settings.user());
            PublicationInfo publication = catalog.publication(settings.publication(), facts.atLeast(15));
            List<ReplicationSlot> slots = catalog.pgoutputSlots(facts.atLeast(13));
            boolean applied = Arrays.stream(history).anyMatch(m -> m.getState().isApplied());
            // Before the first migrate, verify's "does not exist" findings would only repeat "not set up".
            List<Finding> findings = applied ? Verifier.verify(connection, settings, facts) : List.of();

            StringBuilder text = new StringBuilder("Bundle history in " + session.shownUrl() + " (PostgreSQL "
                    + facts.version() + ", " + facts.detectedPlatform().settingValue() + "):" + NL);
            List<Object> rows = new ArrayList<>();
            for (MigrationInfo m : history) {
                String version = m.getVersion() == null ? "" : m.getVersion().getVersion();
                String installed = m.getInstalledOn() == null ? "" : m.getInstalledOn().toInstant().toString();
                String label = !version.isEmpty() ? "V" + version : m.getType().isSynthetic() ? "" : "R";
                text.append(String.format("  %-3s %-40s %-9s %s%n", label,
                        m.getDescription(), m.getState().getDisplayName(), installed));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("version", version);
                row.put("description", m.getDescription());
                row.put("state", m.getState().getDisplayName());
                row.put("installedOn", installed);
                rows.add(row);
            }
            text.append("State:").append(NL)
                    .append("  role ").append(settings.user()).append(": ").append(describe(role)).append(NL)
                    .append("  publication ").append(settings.publication()).append(": ")
                    .append(publication.exists() ? publication.describeScope() : "does not exist").append(NL)
                    .append("  pgoutput replication slots: ").append(slots.isEmpty() ? "none" : "");
            for (ReplicationSlot slot : slots) {
                text.append(NL).append("    ").append(slot.name()).append(slot.active() ? " active" : " inactive")
                        .append(", retains ").append(slot.retained());
            }
            text.append(NL).append(applied ? DriftCheck.drifted(findings)
                    ? "Drift found (run verify for the full check):" : "The setup holds (verify checks more)."
                    : "Not set up yet: run migrate (or plan to see what it would do).");
            // The hand-off once there is something to hand off: the form's values, never a password.
            ClickPipeSource source = ClickPipeSource.of(session.url(), facts.database(),
                    settings.platform().orElse(facts.detectedPlatform()), settings);
            if (applied) {
                text.append(NL).append(source.text());
            }
            return Outcome.of(ExitCode.OK, findings, text.toString())
                    .with("history", rows)
                    .with("state", state(settings, role, publication, slots))
                    .with("clickpipe", applied ? source.json() : null);
        } finally {
            Session.close(connection);
        }
    }

    private static String describe(RoleInfo role) {
        if (!role.exists()) {
            return "does not exist";
        }
        return (role.canLogin() ? "LOGIN" : "NOLOGIN") + (role.replication() ? ", REPLICATION" : "")
                + (role.rdsReplication() ? ", member of rds_replication" : "")
                + (role.passwordExpired() ? ", password expired" : "");
    }

    private static Map<String, Object> state(ClickPipesSettings settings, RoleInfo role, PublicationInfo publication,
                                             List<ReplicationSlot> slots) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", settings.user().value());
        r.put("exists", role.exists());
        r.put("canLogin", role.canLogin());
        r.put("replication", role.replication() || role.rdsReplication());
        state.put("role", r);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", settings.publication().value());
        p.put("exists", publication.exists());
        p.put("scope", publication.exists() ? publication.describeScope() : null);
        state.put("publication", p);
        List<Object> s = new ArrayList<>();
        for (ReplicationSlot slot : slots) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", slot.name());
            row.put("active", slot.active());
            row.put("retainedBytes", slot.retainedBytes());
            row.put("walStatus", slot.walStatus());
            s.add(row);
        }
        state.put("slots", s);
        return state;
    }
}
