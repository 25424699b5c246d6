package dev.cdcready.clickpipes.platform;

/** What an AWS RDS host name says about the endpoint it names. */
public enum EndpointKind {
    /** {@code <cluster>.cluster-<id>.<region>.rds.amazonaws.com}: always the current writer. The right one. */
    CLUSTER_WRITER,
    /** {@code <cluster>.cluster-ro-<id>...}: the readers, load-balanced. Never for the bundle. */
    CLUSTER_READER,
    /** {@code <name>.cluster-custom-<id>...}: a custom endpoint; may contain readers. */
    CLUSTER_CUSTOM,
    /** {@code <name>.proxy-<id>...}: an RDS Proxy endpoint. */
    PROXY,
    /** {@code <instance>.<id>.<region>.rds.amazonaws.com}: one instance; on Aurora it stops being the writer on failover. */
    INSTANCE,
    /** Not an RDS host name: a DNS alias, an IP address, a tunnel. */
    OTHER
}
