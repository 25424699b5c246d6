package dev.cdcready.clickpipes.plan;

import dev.cdcready.clickpipes.precheck.PreCheckReport;
import java.util.List;

/**
 * What migrate would do to a database right now.
 *
 * @param preCheck the pre-check; when it refuses, migrate would write nothing and {@code migrations} is empty
 * @param historyTableExists whether Flyway's history table is there (if not, Flyway creates its schema and table)
 * @param lockTimeout the lock_timeout every bundle migration sets first
 * @param migrations the pending migrations, in the order Flyway would apply them
 */
public record MigrationPlan(PreCheckReport preCheck, boolean historyTableExists, String lockTimeout,
                            List<PlannedMigration> migrations) {

    public MigrationPlan {
        migrations = List.copyOf(migrations);
    }

    /** @return whether migrate would be refused */
    public boolean refused() {
        return !preCheck.passed();
    }

    /** @return true when there is nothing to apply */
    public boolean upToDate() {
        return migrations.isEmpty();
    }
}
