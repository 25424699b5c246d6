package dev.cdcready.clickpipes.testsupport;

import java.util.List;

/**
 * The {@code pg_hba.conf} of every test server: the superuser {@code postgres} is trusted, every other role proves
 * its password with SCRAM-SHA-256, for normal and {@code replication} connections alike.
 */
final class HbaRules {

    private HbaRules() {
    }

    /** For a server on this machine: TCP from 127.0.0.1 and ::1 only. */
    static String loopback() {
        return rules(List.of("127.0.0.1/32", "::1/128"));
    }

    /** For a server in a container, reached through the container network from any address. */
    static String anyAddress() {
        return rules(List.of("0.0.0.0/0", "::/0"));
    }

    private static String rules(List<String> addresses) {
        StringBuilder hba = new StringBuilder("# Written by the test harness (dev.cdcready.clickpipes.testsupport).\n")
                .append("# TYPE  DATABASE     USER      ADDRESS          METHOD\n");
        for (String database : List.of("all", "replication")) {
            hba.append(String.format("local   %-12s postgres                   trust%n", database));
            for (String address : addresses) {
                hba.append(String.format("host    %-12s postgres  %-16s trust%n", database, address));
            }
        }
        for (String database : List.of("all", "replication")) {
            hba.append(String.format("local   %-12s all                        scram-sha-256%n", database));
            for (String address : addresses) {
                hba.append(String.format("host    %-12s all       %-16s scram-sha-256%n", database, address));
            }
        }
        return hba.toString();
    }
}
