package dev.cdcready.clickpipes.step;

import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.PrintableText;
import java.util.ArrayList;
import java.util.List;

/** Collects the statements a step would send, for {@code plan}; sends nothing. */
public final class RecordingSink implements StatementSink {

    /** How the password statement is shown: pgjdbc sends a SCRAM verifier computed on the client, never the text. */
    public static final String PASSWORD_STATEMENT = "ALTER USER %s PASSWORD '<redacted: SCRAM-SHA-256 verifier "
            + "computed on the client from %s>'";

    private final List<String> statements = new ArrayList<>();

    @Override
    public void run(String what, List<String> more) {
        // As printed; the statements migrate sends hold the same names as they are, which is the same SQL.
        more.stream().map(PrintableText::sql).forEach(statements::add);
    }

    @Override
    public void setPassword(Identifier role, PasswordSource password) {
        statements.add(PASSWORD_STATEMENT.formatted(role.quoted(), password));
    }

    @Override
    public boolean dryRun() {
        return true;
    }

    /** @return what was recorded so far, in order */
    public List<String> statements() {
        return List.copyOf(statements);
    }
}
