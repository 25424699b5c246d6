package dev.cdcready.clickpipes.safety.faults;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A test callback that injects a fault once, at one event of one migration (or at an event without a migration, such
 * as {@code BEFORE_MIGRATE}): the deterministic hook the fault tests need.
 */
final class FaultAt implements Callback {

    /** What to do to the run; gets the connection Flyway handed to the callback. */
    @FunctionalInterface
    interface Fault {
        void inject(Connection connection) throws Exception;
    }

    private final Event event;
    private final String migration;
    private final Fault fault;
    private final AtomicBoolean fired = new AtomicBoolean();

    /**
     * @param event     when
     * @param migration the version ("3") or description ("Maintain publication") of the migration, or null for an
     *                  event without one
     * @param fault     the fault
     */
    FaultAt(Event event, String migration, Fault fault) {
        this.event = event;
        this.migration = migration;
        this.fault = fault;
    }

    boolean fired() {
        return fired.get();
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == this.event;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (!matches(context.getMigrationInfo()) || !fired.compareAndSet(false, true)) {
            return;
        }
        try {
            fault.inject(context.getConnection());
        } catch (Exception e) {
            throw new IllegalStateException("could not inject the fault at " + event + " " + migration, e);
        }
    }

    private boolean matches(MigrationInfo info) {
        if (migration == null) {
            return true;
        }
        return info != null && (info.getVersion() != null && migration.equals(info.getVersion().getVersion())
                || migration.equals(info.getDescription()));
    }

    @Override
    public String getCallbackName() {
        return "fault-at-" + event.getId();
    }

    @Override
    public String toString() {
        return event.getId() + (migration == null ? "" : " " + migration);
    }
}
