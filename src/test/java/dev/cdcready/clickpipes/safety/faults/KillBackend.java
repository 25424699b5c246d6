package dev.cdcready.clickpipes.safety.faults;

import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** Terminates a server process from another session, as a DBA or a failing network would end it. */
final class KillBackend {

    private KillBackend() {
    }

    /** @return the backend pid of {@code connection} */
    static int pidOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** {@code pg_terminate_backend(pid)} from a new superuser session, then waits until the process has gone. */
    static void terminate(TestServer server, String database, int pid) throws SQLException {
        try (Connection other = server.superuser(database)) {
            try (PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, pid);
                kill.execute();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (PreparedStatement alive = other.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
                alive.setInt(1, pid);
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = alive.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            return;
                        }
                    }
                    sleep(20);
                }
            }
            throw new IllegalStateException("backend " + pid + " still alive 10 s after pg_terminate_backend");
        }
    }

    /** Waits until {@code pid} waits for a lock, so a kill lands inside the statement. */
    static void awaitLockWait(TestServer server, String database, int pid) throws SQLException {
        try (Connection other = server.superuser(database);
             PreparedStatement waiting = other.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            waiting.setInt(1, pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                sleep(20);
            }
            throw new IllegalStateException("backend " + pid + " never waited for a lock");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
