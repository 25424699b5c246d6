package dev.cdcready.clickpipes.bench;

import dev.cdcready.clickpipes.testsupport.TestServer;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The machine and server a run was made on, for the report. */
final class Machine {

    private Machine() {
    }

    static String describe(TestServer server) throws SQLException {
        long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String postgres;
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version(), current_setting('shared_buffers'),"
                     + " current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('max_locks_per_transaction')")) {
            rs.next();
            postgres = rs.getString(1) + " (embedded; shared_buffers " + rs.getString(2) + ", fsync " + rs.getString(3)
                    + ", synchronous_commit " + rs.getString(4) + ", max_locks_per_transaction " + rs.getString(5)
                    + ")";
        }
        return "- CPU: " + Runtime.getRuntime().availableProcessors() + " cores (" + System.getProperty("os.arch")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ")\n"
                + "- RAM: " + Math.round(ram / (1024.0 * 1024 * 1024)) + " GiB\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB ("
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList()) + ")\n"
                + "- PostgreSQL: " + postgres + "\n";
    }
}
