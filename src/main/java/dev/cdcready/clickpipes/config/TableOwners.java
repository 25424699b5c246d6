package dev.cdcready.clickpipes.config;

import java.util.List;

/**
 * The roles whose future tables clickpipes_user must be able to read (default privileges are per creating role).
 *
 * @param auto true for {@code auto}: the migrating role plus every owner of a table in the granted schemas
 * @param roles the roles named explicitly; empty when {@code auto}
 */
public record TableOwners(boolean auto, List<Identifier> roles) {

    public TableOwners {
        roles = List.copyOf(roles);
        if (auto && !roles.isEmpty()) {
            throw new IllegalArgumentException("auto owners take no explicit roles");
        }
        if (!auto && roles.isEmpty()) {
            throw new IllegalArgumentException("explicit owners need at least one role");
        }
    }

    /** @return the {@code auto} setting */
    public static TableOwners automatic() {
        return new TableOwners(true, List.of());
    }

    @Override
    public String toString() {
        return auto ? "auto" : roles.toString();
    }
}
