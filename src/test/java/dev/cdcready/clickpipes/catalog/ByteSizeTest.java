package dev.cdcready.clickpipes.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void readsPostgresStyleSizes() {
        assertEquals(10L << 30, ByteSize.parse("limit", "10GB"));
        assertEquals(512L << 20, ByteSize.parse("limit", "512 MB"));
        assertEquals(1024, ByteSize.parse("limit", "1kB"));
        assertEquals(7, ByteSize.parse("limit", "7"));
    }

    @Test
    void refusesWhatIsNotASizeNamingTheSetting() {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> ByteSize.parse("--slot-wal-limit", "lots"));
        assertEquals("--slot-wal-limit", error.setting());
        assertTrue(error.getMessage().contains("1GB"), error.getMessage());
    }

    @Test
    void formatsInTheLargestUnit() {
        assertEquals("512 B", ByteSize.format(512));
        assertEquals("1.5 GB", ByteSize.format(3L << 29));
    }
}
