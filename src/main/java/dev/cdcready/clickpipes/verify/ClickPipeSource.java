package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.platform.Endpoint;
import dev.cdcready.clickpipes.platform.EndpointKind;
import dev.cdcready.clickpipes.platform.Platform;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What ClickPipes' Postgres source form asks for, taken from the settings, the JDBC URL and the server — never a
 * password: the operator holds that (or, with IAM, there is none).
 *
 * @param host the host to enter: the URL's, or the writer endpoint when the URL names a reader endpoint
 * @param hostNote why the URL's host is not the one to enter, and which to use instead; empty when it is
 * @param port the port
 * @param database the database (the server's name for it, exact case)
 * @param user clickpipes_user
 * @param publication the publication to pick
 * @param auth how ClickPipes logs in
 * @param iamResource for IAM, the resource its IAM role needs {@code rds-db:connect} on; empty otherwise
 */
public record ClickPipeSource(String host, Optional<String> hostNote, int port, String database, String user,
                              String publication, Authentication auth, Optional<String> iamResource) {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");
    private static final String WRITER = "the cluster writer endpoint (<cluster>.cluster-%s.%s.rds.amazonaws.com, "
            + "on the cluster's Connectivity & security tab)";

    /**
     * @param jdbcUrl the URL the bundle was run with (only host and port are taken from it)
     * @param database the current database
     * @param platform the effective platform
     * @param settings the settings
     * @return the form's values
     */
    public static ClickPipeSource of(String jdbcUrl, String database, Platform platform, ClickPipesSettings settings) {
        Endpoint endpoint = Endpoint.fromJdbcUrl(jdbcUrl).stream().findFirst()
                .orElse(Endpoint.classify("localhost"));
        String host = endpoint.kind() == EndpointKind.CLUSTER_READER ? endpoint.writerHost() : endpoint.host();
        return new ClickPipeSource(host, note(endpoint, platform), Endpoint.firstPort(jdbcUrl), database,
                settings.user().value(), settings.publication().value(), settings.auth(),
                settings.auth() == Authentication.IAM
                        ? Optional.of(IamVerification.resourceArn(jdbcUrl, settings.user())) : Optional.empty());
    }

    private static Optional<String> note(Endpoint endpoint, Platform platform) {
        String[] labels = endpoint.host().toLowerCase(Locale.ROOT).split("\\.");
        String id = labels.length >= 5 ? labels[1].replaceFirst("^(cluster-custom-|cluster-ro-|proxy-)", "") : "";
        String writer = String.format(WRITER, id, endpoint.region().orElse("<region>"));
        return switch (endpoint.kind()) {
            case CLUSTER_READER -> Optional.of("the URL names the reader endpoint " + endpoint.host()
                    + "; ClickPipes needs the writer endpoint shown");
            case CLUSTER_CUSTOM -> Optional.of(endpoint.host() + " is a custom endpoint, which may route to a "
                    + "reader: enter " + writer + " instead");
            case PROXY -> Optional.of(endpoint.host() + " is an RDS Proxy endpoint, which cannot carry logical "
                    + "replication: enter " + writer + " (Aurora) or the instance endpoint (RDS) instead");
            case INSTANCE -> platform == Platform.AURORA ? Optional.of(endpoint.host() + " is an Aurora instance "
                    + "endpoint, a reader after a failover: enter " + writer + " instead") : Optional.empty();
            case OTHER -> LOOPBACK.contains(endpoint.host().toLowerCase(Locale.ROOT))
                    ? Optional.of(endpoint.host() + " is this machine: enter the address at which ClickHouse Cloud "
                            + "reaches the server: public host name, PrivateLink or SSH tunnel") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** @return the form as text, one field a line, for {@code info} */
    public String text() {
        String nl = System.lineSeparator();
        return "Next: create the ClickPipe (ClickHouse Cloud: Data sources, Postgres CDC) with:" + nl
                + "  Host:           " + host + hostNote.map(n -> " (" + n + ")").orElse("") + nl
                + "  Port:           " + port + nl
                + "  Database:       " + database + nl
                + "  User:           " + user + nl
                + "  Authentication: " + (auth == Authentication.IAM
                        ? "IAM role (allowed rds-db:connect on " + iamResource.orElseThrow() + ")"
                        : "password (the one the bundle was given; never printed)") + nl
                + "  Publication:    " + publication + " (pick it; a least-privilege user cannot create one)";
    }

    /** @return the form for {@code --json} */
    public Map<String, Object> json() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("host", host);
        form.put("hostNote", hostNote.orElse(null));
        form.put("port", port);
        form.put("database", database);
        form.put("user", user);
        form.put("authentication", auth.settingValue());
        form.put("iamResource", iamResource.orElse(null));
        form.put("publication", publication);
        return form;
    }
}
