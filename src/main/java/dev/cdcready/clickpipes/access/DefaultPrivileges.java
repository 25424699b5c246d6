package dev.cdcready.clickpipes.access;

import dev.cdcready.clickpipes.config.Identifier;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ALTER DEFAULT PRIVILEGES FOR ROLE <owner> IN SCHEMA <schema> GRANT SELECT ON TABLES TO <user>}: written once,
 * for the migration that grants it and for verify's fix when it is missing. Plain ALTER DEFAULT PRIVILEGES would only
 * cover tables the migrating role itself creates later, so there is one per table owner and schema.
 */
public final class DefaultPrivileges {

    private DefaultPrivileges() {
    }

    /**
     * @param owner the role whose future tables must be readable
     * @param schema the schema
     * @param user clickpipes_user
     * @return the statement, every name quoted
     */
    public static String grantSelect(Identifier owner, Identifier schema, Identifier user) {
        return grantSelect(owner, List.of(schema), user);
    }

    /**
     * @param owner the role whose future tables must be readable
     * @param schemas the schemas, at least one
     * @param user clickpipes_user
     * @return one statement for all the schemas, every name quoted
     */
    public static String grantSelect(Identifier owner, List<Identifier> schemas, Identifier user) {
        return "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner.quoted() + " IN SCHEMA "
                + schemas.stream().map(Identifier::quoted).collect(Collectors.joining(", "))
                + " GRANT SELECT ON TABLES TO " + user.quoted();
    }
}
