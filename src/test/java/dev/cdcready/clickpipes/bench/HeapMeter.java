package dev.cdcready.clickpipes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap during one measured run: a full GC first, then the heap pools' peaks are reset and summed afterwards.
 * The sum of per-pool peaks is an upper bound of the real peak (pools do not peak at the same moment), and it
 * includes the benchmark's own baseline (the JVM runs with {@code -Xmx256m}, so a run that needed more would fail).
 */
final class HeapMeter {

    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();

    private HeapMeter() {
    }

    static void start() {
        System.gc();
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** @return bytes: the sum of the heap pools' peak usage since {@link #start()} */
    static long peak() {
        return HEAP.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
