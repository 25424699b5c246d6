package dev.cdcready.clickpipes.bench;

import java.util.List;

/**
 * One timed run.
 *
 * @param millis wall time
 * @param statements SQL statements sent through JDBC
 * @param heapBytes upper bound of the heap's peak during the run (see {@link HeapMeter})
 */
record Sample(double millis, long statements, long heapBytes) {

    /** The median of each measure on its own (statement counts do not vary between runs). */
    static Sample median(List<Sample> samples) {
        return new Sample(median(samples.stream().mapToDouble(Sample::millis).toArray()),
                (long) median(samples.stream().mapToDouble(Sample::statements).toArray()),
                (long) samples.stream().mapToLong(Sample::heapBytes).max().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
