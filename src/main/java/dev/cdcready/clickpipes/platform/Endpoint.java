package dev.cdcready.clickpipes.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host from the JDBC URL and what kind of AWS endpoint it names.
 *
 * @param host the host name as written
 * @param kind the endpoint kind
 */
public record Endpoint(String host, EndpointKind kind) {

    private static final int DEFAULT_PORT = 5432;
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})$");

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL, possibly with several hosts or a wrapper prefix
     * @return one endpoint per host; {@code localhost} when the URL names none
     */
    public static List<Endpoint> fromJdbcUrl(String jdbcUrl) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String hostAndPort : hostsAndPorts(jdbcUrl)) {
            String host = hostAndPort.startsWith("[") ? hostAndPort.substring(1, Math.max(1, hostAndPort.indexOf(']')))
                    : hostAndPort.replaceFirst(":\\d*$", "");
            endpoints.add(classify(host.isEmpty() ? "localhost" : host));
        }
        return endpoints;
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @return the port of its first host; 5432, the driver's default, when the URL names none
     */
    public static int firstPort(String jdbcUrl) {
        List<String> hosts = hostsAndPorts(jdbcUrl);
        Matcher port = hosts.isEmpty() ? null : PORT.matcher(hosts.get(0));
        return port != null && port.find() ? Integer.parseInt(port.group(1)) : DEFAULT_PORT;
    }

    /** The {@code host[:port]} entries between {@code //} and the path, without {@code user:password@}. */
    private static List<String> hostsAndPorts(String jdbcUrl) {
        if (jdbcUrl == null) {
            return List.of();
        }
        int start = jdbcUrl.indexOf("//");
        if (start < 0) {
            return List.of("localhost");
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
        return List.of(hosts.split(","));
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

    /** @return the AWS region an RDS host name carries ({@code us-east-1}), empty for any other host */
    public Optional<String> region() {
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        return kind == EndpointKind.OTHER || labels.length < 5 ? Optional.empty()
                : Optional.of(labels[2]);
    }

    /** @return the cluster writer endpoint of the same cluster, for a reader endpoint; the host otherwise */
    public String writerHost() {
        return kind == EndpointKind.CLUSTER_READER ? host.replaceFirst("(?i)\\.cluster-ro-", ".cluster-") : host;
    }
}
