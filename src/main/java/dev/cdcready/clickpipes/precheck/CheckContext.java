package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.platform.Platform;
import dev.cdcready.clickpipes.platform.ServerFacts;

/**
 * What every check reads from.
 *
 * @param settings the validated settings
 * @param facts the server's facts
 * @param platform the effective platform (configured, else detected)
 * @param catalog read-only catalog queries on the migrating connection
 * @param jdbcUrl the URL the connection was opened with, for the endpoint check
 * @param judgePassword whether to log in as an existing clickpipes_user to judge the configured password
 * @param beforeStep whether this is a migration's own pre-check, right before it writes (not {@code check}): warnings
 *     about what the run cannot change are left to {@code check} and {@code verify}
 */
public record CheckContext(ClickPipesSettings settings, ServerFacts facts, Platform platform, Catalog catalog,
                    String jdbcUrl, boolean judgePassword, boolean beforeStep) {

    /** @return the migrating role, quoted for a fix */
    public String migrator() {
        return new Identifier(facts.currentUser()).quoted();
    }
}
