package dev.cdcready.clickpipes.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com, CLUSTER_WRITER",
        "mycluster.cluster-ro-abc123xyz.us-east-1.rds.amazonaws.com, CLUSTER_READER",
        "MyCluster.Cluster-RO-abc123xyz.us-east-1.rds.amazonaws.com., CLUSTER_READER",
        "mycluster.cluster-ro-abc123xyz.cn-north-1.rds.amazonaws.com.cn, CLUSTER_READER",
        "analytics.cluster-custom-abc123xyz.eu-west-1.rds.amazonaws.com, CLUSTER_CUSTOM",
        "myproxy.proxy-abc123xyz.us-east-1.rds.amazonaws.com, PROXY",
        "instance-1.abc123xyz.us-east-1.rds.amazonaws.com, INSTANCE",
        "db.internal.example.com, OTHER",
        "10.0.0.12, OTHER"
    })
    void classifiesAwsHostNames(String host, EndpointKind kind) {
        assertEquals(kind, Endpoint.classify(host).kind());
    }

    @Test
    void readsEveryHostOfAJdbcUrl() {
        List<Endpoint> endpoints = Endpoint.fromJdbcUrl("jdbc:postgresql://a.cluster-ro-x.us-east-1.rds.amazonaws.com"
                + ":5432,b.example.com,[::1]:5433/app?sslmode=require");
        assertEquals(List.of("a.cluster-ro-x.us-east-1.rds.amazonaws.com", "b.example.com", "::1"),
                endpoints.stream().map(Endpoint::host).toList());
        assertEquals("localhost", Endpoint.fromJdbcUrl("jdbc:postgresql:app").get(0).host());
        assertEquals(EndpointKind.CLUSTER_READER,
                Endpoint.fromJdbcUrl("jdbc:aws-wrapper:postgresql://c.cluster-ro-x.us-east-1.rds.amazonaws.com/db")
                        .get(0).kind());
    }

    @Test
    void leavesUserInfoOutOfTheHostsItReads() {
        List<Endpoint> endpoints = Endpoint.fromJdbcUrl(
                "jdbc:postgresql://admin:S3cret@a.cluster-ro-x.us-east-1.rds.amazonaws.com:5432,b:5433/db");
        assertEquals("a.cluster-ro-x.us-east-1.rds.amazonaws.com", endpoints.get(0).host());
        assertEquals(EndpointKind.CLUSTER_READER, endpoints.get(0).kind());
        assertEquals("b", endpoints.get(1).host());
    }

    @Test
    void namesTheWriterEndpointOfAReaderEndpoint() {
        assertEquals("mycluster.cluster-abc.us-east-1.rds.amazonaws.com",
                Endpoint.classify("mycluster.cluster-ro-abc.us-east-1.rds.amazonaws.com").writerHost());
    }
}
