package dev.cdcready.clickpipes.testsupport;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Gives zonky the server bundle ({@code postgres-linux-x86_64.txz}) of one version's binary jar. A record, so that
 * zonky's cache of extracted binaries (keyed by resolver equality) extracts each version only once per JVM.
 */
record JarBinaryResolver(Path jar) implements PgBinaryResolver {

    static final String ENTRY = "postgres-linux-x86_64.txz";

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry entry = zip.getEntry(ENTRY);
        if (entry == null) {
            zip.close();
            throw new IOException(jar + " has no " + ENTRY + " (asked for " + system + "/" + machineHardware + ")");
        }
        return new FilterInputStream(zip.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }
}
