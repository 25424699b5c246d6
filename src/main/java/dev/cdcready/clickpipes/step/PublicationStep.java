package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.PublicationInfo;
import dev.cdcready.clickpipes.config.Brief;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PublicationScope;
import dev.cdcready.clickpipes.platform.ServerFacts;
import dev.cdcready.clickpipes.precheck.CheckContext;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import dev.cdcready.clickpipes.precheck.KeylessFix;
import dev.cdcready.clickpipes.publication.PublicationPlan;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The guide's publication step: {@code clickpipes_publication} in the configured scope, publishing every operation,
 * whole rows, through the partition root. Its difference between the settings and the catalog is one rule,
 * {@link PublicationPlan}: the pre-check judges whether it may be applied, migrate applies it, plan shows it, verify
 * reports it. Teardown drops the publication.
 */
public final class PublicationStep {

    private static final int SAMPLE = Brief.SHOWN;

    /**
     * Requires that an existing publication has the configured scope, that the migrating role may make or extend it,
     * and that publishing does not break UPDATE and DELETE on tables without a key.
     *
     * @param context the pre-check's context
     * @param findings where refusals and warnings go
     */
    static void require(CheckContext context, List<Finding> findings) {
        ClickPipesSettings settings = context.settings();
        PublicationInfo existing = context.catalog().publication(settings.publication(), context.facts().atLeast(15));
        if (existing.exists() && !PublicationPlan.scopeMatches(existing, settings.scope(), context.facts())) {
            findings.add(scopeConflict(existing, settings));
            return;
        }
        // Published operations, the partition root, row filters and column lists of an existing publication are not
        // refused: the publication's migration puts them back (see PublicationPlan), as for drift after migrate.
        privileges(context, existing, findings);
        keylessTables(context, existing, findings);
    }

    private static void privileges(CheckContext context, PublicationInfo existing, List<Finding> findings) {
        if (context.facts().superuser()) {
            return;
        }
        ClickPipesSettings settings = context.settings();
        PublicationPlan plan = PublicationPlan.of(context.catalog(), settings, context.facts(), existing);
        if (plan.isEmpty()) {
            return;
        }
        String migrator = context.facts().currentUser();
        if (existing.exists() && !existing.ownedByCurrentUser()) {
            findings.add(Finding.error(FindingCode.PUBLICATION_NOT_OWNED,
                    "Publication " + settings.publication().value() + " must be extended (" + plan.describe()
                            + ") but the migrating role " + migrator + " does not own it.",
                    "Run migrate as the publication's owner, or: ALTER PUBLICATION " + settings.publication().quoted()
                            + " OWNER TO " + context.migrator() + ";"));
        }
        if (plan.needsSuperuserClause()) {
            boolean rdsSuperuser = context.platform().isAws() && context.catalog().isMemberOf("rds_superuser");
            if (!rdsSuperuser) {
                findings.add(Finding.error(FindingCode.CANNOT_CREATE_PUBLICATION,
                        "Creating a publication " + (settings.scope() == PublicationScope.ALL_TABLES
                                ? "FOR ALL TABLES" : "FOR TABLES IN SCHEMA") + " needs a superuser"
                                + (context.platform().isAws() ? " or a member of rds_superuser" : "")
                                + "; the migrating role " + migrator + " is neither.",
                        context.platform().isAws() ? "Run as the cluster's master user (member of rds_superuser)."
                                : "Run migrate as a superuser, or use clickpipes_publication_scope=tables with tables "
                                        + "the migrating role owns."));
            }
        }
        List<String> notHeld = plan.ownersNotHeld();
        if (!notHeld.isEmpty()) {
            findings.add(Finding.error(FindingCode.NOT_MEMBER_OF_OWNER,
                    "Adding a table to a publication requires its owner's privileges; the migrating role " + migrator
                            + " is not a member of " + String.join(", ", notHeld) + ".",
                    notHeld.stream().map(o -> "GRANT " + new Identifier(o).quoted() + " TO " + context.migrator()
                            + ";").collect(Collectors.joining(" "))));
        }
    }

    private static void keylessTables(CheckContext context, PublicationInfo existing, List<Finding> findings) {
        ClickPipesSettings settings = context.settings();
        if (context.beforeStep() && existing.exists() && settings.scope() == PublicationScope.ALL_TABLES) {
            // Nothing this run does changes what a FOR ALL TABLES publication holds, so it can only warn about damage
            // already done — a pass over every table of the database before each re-run. check warns, and verify
            // reports them (KEYLESS_TABLES_PUBLISHED).
            return;
        }
        Catalog catalog = context.catalog();
        Catalog.Sample keyless = switch (settings.scope()) {
            case ALL_TABLES -> catalog.keylessTables(null, null, SAMPLE);
            case SCHEMAS -> catalog.keylessTables(settings.schemas(), null, SAMPLE);
            case TABLES -> catalog.keylessTables(null, settings.tables(), SAMPLE);
        };
        if (keyless.isEmpty()) {
            return;
        }
        if (!existing.exists()) {
            findings.add(Finding.error(FindingCode.KEYLESS_TABLES, found(keyless) + ": creating the publication now "
                    + "would break the application's writes to them.", keylessFix(keyless)));
            return;
        }
        // An existing schema or table list grows when the settings do (a schema or a table added): its keyless tables
        // that it does not hold yet would be published by this run, as by a new publication. FOR ALL TABLES already
        // holds every table.
        Catalog.Sample added = switch (settings.scope()) {
            case ALL_TABLES -> new Catalog.Sample(0, List.of());
            case SCHEMAS -> catalog.keylessTables(settings.schemas(), null, settings.publication(), SAMPLE);
            case TABLES -> catalog.keylessTables(null, settings.tables(), settings.publication(), SAMPLE);
        };
        if (!added.isEmpty()) {
            findings.add(Finding.error(FindingCode.KEYLESS_TABLES, found(added) + ": adding them to publication "
                    + settings.publication().value() + " now would break the application's writes to them.",
                    keylessFix(added)));
        } else {
            // The damage is already there; refusing would not undo it, so say it loudly and go on.
            findings.add(Finding.warning(FindingCode.KEYLESS_TABLES, found(keyless) + ", and publication "
                    + settings.publication().value() + " already publishes them.", keylessFix(keyless)));
        }
    }

    private static String found(Catalog.Sample keyless) {
        return keyless.total() + " table(s) that the publication covers have neither a primary key nor a replica "
                + "identity: " + keyless.describe() + ". PostgreSQL refuses UPDATE and DELETE on a published table "
                + "without one";
    }

    private static String keylessFix(Catalog.Sample keyless) {
        return KeylessFix.statements(keyless) + ", or narrow the publication with "
                + "clickpipes_publication_scope=schemas or tables so it leaves them out.";
    }

    /** Creates or extends the publication; an existing publication of another scope was refused by the guard. */
    public static void apply(StepContext step) {
        RoleStep.requireRole(step);
        PublicationInfo existing = step.catalog().publication(step.settings().publication(), step.facts().atLeast(15));
        PublicationPlan plan = PublicationPlan.of(step.catalog(), step.settings(), step.facts(), existing);
        step.sql().run("set up publication " + step.settings().publication() + " ("
                + plan.describe() + ")", plan.statements());
    }

    /** The same finding before migrate writes (check, the pre-check) and after it (verify). */
    private static Finding scopeConflict(PublicationInfo existing, ClickPipesSettings settings) {
        return Finding.error(FindingCode.PUBLICATION_SCOPE_CONFLICT, "Publication " + settings.publication().value()
                        + " exists " + existing.describeScope() + ", but clickpipes_publication_scope is "
                        + settings.scope().settingValue()
                        + "; the bundle never changes an existing publication's scope.",
                PublicationPlan.scopeConflictFix(existing, settings.publication()));
    }

    /**
     * @return NO_PUBLICATION, PUBLICATION_SCOPE_CONFLICT or PUBLICATION_INCOMPLETE; empty when it holds
     */
    public static List<Finding> verify(Catalog catalog, ClickPipesSettings settings, ServerFacts facts) {
        PublicationInfo publication = catalog.publication(settings.publication(), facts.atLeast(15));
        String name = settings.publication().value();
        if (!publication.exists()) {
            return List.of(Finding.error(FindingCode.NO_PUBLICATION, "Publication " + name + " does not exist.",
                    "Run migrate again."));
        }
        if (!PublicationPlan.scopeMatches(publication, settings.scope(), facts)) {
            return List.of(scopeConflict(publication, settings));
        }
        PublicationPlan missing = PublicationPlan.of(catalog, settings, facts, publication);
        if (!missing.isEmpty()) {
            return List.of(Finding.error(FindingCode.PUBLICATION_INCOMPLETE, "Publication " + name + " lacks what the "
                    + "settings ask for: " + missing.describe() + ".", "Run migrate again."));
        }
        return List.of();
    }

    /**
     * @return {@code DROP PUBLICATION} when it exists (teardown refuses first while a slot may still read it)
     */
    public static List<String> undo(Catalog catalog, ClickPipesSettings settings, ServerFacts facts) {
        return catalog.publication(settings.publication(), facts.atLeast(15)).exists()
                ? List.of("DROP PUBLICATION " + settings.publication().quoted()) : List.of();
    }
}
