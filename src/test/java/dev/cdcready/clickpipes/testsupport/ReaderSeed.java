package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a reader holds, written while it is still a writer: database {@value TestServer#READER_DATABASE} with
 * {@code public.orders(id int primary key, note text)} and one row.
 */
final class ReaderSeed {

    private ReaderSeed() {
    }

    static void write(ServerBackend server) throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + TestServer.READER_DATABASE + " TEMPLATE template1");
        }
        try (Connection connection = server.superuser(TestServer.READER_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            statement.execute("INSERT INTO public.orders (id, note) VALUES (1, 'written before the server became a reader')");
        }
    }
}
