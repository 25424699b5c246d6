package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.catalog.PublicationInfo;
import dev.cdcready.clickpipes.publication.PublicationPlan;

/** Creates the publication in the configured scope, or adopts an existing one and adds what it lacks. */
public final class PublicationSteps {

    private PublicationSteps() {
    }

    /** Creates or extends the publication; an existing publication of another scope was refused by the guard. */
    public static void maintainPublication(StepContext step) {
        RoleSteps.requireRole(step);
        PublicationInfo existing = step.catalog().publication(step.settings().publication(), step.facts().atLeast(15));
        PublicationPlan plan = PublicationPlan.of(step.catalog(), step.settings(), step.facts(), existing);
        step.sql().run("set up publication " + step.settings().publication() + " ("
                + plan.describe() + ")", plan.statements());
    }

}
