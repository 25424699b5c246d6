package dev.cdcready.clickpipes.precheck;

import java.util.List;

/**
 * An existing clickpipes_user: adopted only when it is shaped for CDC ({@link RoleShape}), and its password replaced
 * only when asked ({@link SharedPassword}) — judged while the role's migration has not run in this database. A role
 * that is not shaped for CDC is not even logged in as.
 */
final class ExistingRoleCheck implements Check {

    @Override
    public void run(CheckContext context, List<Finding> findings) {
        if (!context.catalog().role(context.settings().user()).exists()) {
            return;
        }
        var shape = RoleShape.judge(context.catalog(), context.settings());
        if (shape.isPresent()) {
            findings.add(shape.get());
        } else if (context.judgePassword() && context.settings().password().isConfigured()) {
            SharedPassword.judge(context.jdbcUrl(), context.settings()).ifPresent(findings::add);
        }
    }

    @Override
    public String toString() {
        return "existing role";
    }
}
