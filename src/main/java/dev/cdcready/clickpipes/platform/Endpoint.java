package dev.cdcready.clickpipes.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A host from the JDBC URL and what kind of AWS endpoint it names.
 *
 * @param host the host name as written
 * @param kind the endpoint kind
 */
public record Endpoint(String host, EndpointKind kind) {

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL, possibly with several hosts or a wrapper prefix
     * @return one endpoint per host; {@code localhost} when the URL names none
     */
    public static List<Endpoint> fromJdbcUrl(String jdbcUrl) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (jdbcUrl == null) {
            return endpoints;
        }
        int start = jdbcUrl.indexOf("//");
        if (start < 0) {
            endpoints.add(classify("localhost"));
            return endpoints;
        }
        String rest = jdbcUrl.substring(start + 2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String hosts = rest.substring(0, end);
        // user:password@ is not a host, and a host is printed in findings: never take the password along.
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        for (String hostAndPort : hosts.split(",")) {
            String host = hostAndPort.startsWith("[") ? hostAndPort.substring(1, Math.max(1, hostAndPort.indexOf(']')))
                    : hostAndPort.replaceFirst(":\\d*$", "");
            endpoints.add(classify(host.isEmpty() ? "localhost" : host));
        }
        return endpoints;
    }

    /**
     * @param host a host name
     * @return the host with its kind
     */
    public static Endpoint classify(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!(name.endsWith(".rds.amazonaws.com") || name.endsWith(".rds.amazonaws.com.cn"))) {
            return new Endpoint(host, EndpointKind.OTHER);
        }
        String[] labels = name.split("\\.");
        // <name>.<qualifier>.<region>.rds.amazonaws.com[.cn]: the qualifier is the second label.
        String qualifier = labels.length >= 5 ? labels[1] : "";
        EndpointKind kind;
        if (qualifier.startsWith("cluster-ro-")) {
            kind = EndpointKind.CLUSTER_READER;
        } else if (qualifier.startsWith("cluster-custom-")) {
            kind = EndpointKind.CLUSTER_CUSTOM;
        } else if (qualifier.startsWith("cluster-")) {
            kind = EndpointKind.CLUSTER_WRITER;
        } else if (qualifier.startsWith("proxy-")) {
            kind = EndpointKind.PROXY;
        } else {
            kind = EndpointKind.INSTANCE;
        }
        return new Endpoint(host, kind);
    }

    /** @return the cluster writer endpoint of the same cluster, for a reader endpoint; the host otherwise */
    public String writerHost() {
        return kind == EndpointKind.CLUSTER_READER ? host.replaceFirst("(?i)\\.cluster-ro-", ".cluster-") : host;
    }
}
