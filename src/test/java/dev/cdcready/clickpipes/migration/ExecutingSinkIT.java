package dev.cdcready.clickpipes.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A step of 2,500 statements goes to PostgreSQL in round trips of at most 1,000, each announced to the progress
 * listener before it is sent, and every statement really runs.
 */
class ExecutingSinkIT {

    @Test
    void aLongStepIsSentInAnnouncedRoundTripsAndEveryStatementRuns() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        List<String> creates = IntStream.rangeClosed(1, 2500)
                .mapToObj(i -> "CREATE TABLE public.t" + i + " (id int)").toList();
        List<String> heard = new ArrayList<>();
        Progress listener = new Progress() {
            @Override
            public void sending(String what, int first, int total, List<String> round) {
                heard.add(what + " " + first + "+" + round.size() + "/" + total + " " + round.get(0));
            }

            @Override
            public void idle() {
                heard.add("idle");
            }
        };
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            new ExecutingSink(connection, listener).run("create tables", creates);
            connection.commit();
            connection.setAutoCommit(true);

            assertEquals(List.of("create tables 1+1000/2500 CREATE TABLE public.t1 (id int)",
                    "create tables 1001+1000/2500 CREATE TABLE public.t1001 (id int)",
                    "create tables 2001+500/2500 CREATE TABLE public.t2001 (id int)", "idle"), heard);
            try (ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_tables "
                    + "WHERE schemaname = 'public' AND tablename LIKE 't%'")) {
                assertTrue(tables.next());
                assertEquals(2500, tables.getInt(1), "every statement ran");
            }
        }
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + database);
        }
    }
}
