package dev.cdcready.clickpipes.access;

import dev.cdcready.clickpipes.config.Identifier;

/**
 * {@code CREATE ROLE <user> LOGIN}: written once, for the role step that sends it and for the fixes that tell an
 * operator to create the role by hand (a missing role, IAM's grant to a role that does not exist yet).
 */
public final class RoleStatements {

    private RoleStatements() {
    }

    /**
     * @param user clickpipes_user
     * @return the statement, the name quoted, without a trailing semicolon
     */
    public static String create(Identifier user) {
        return "CREATE ROLE " + user.quoted() + " LOGIN";
    }
}
