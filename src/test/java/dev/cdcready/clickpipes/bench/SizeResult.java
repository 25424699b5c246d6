package dev.cdcready.clickpipes.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Everything measured on one database size. */
final class SizeResult {

    final Size size;
    final Map<Variant, List<Sample>> samples = new EnumMap<>(Variant.class);
    double createSeconds;
    int repetitions;
    /** Rounds that ran the floor and bare Flyway too (fewer on the largest sizes, where each takes minutes). */
    int baselineRepetitions;
    /** Per run of "one schema added": pg_class rows rewritten outside the new schema, and inside it. */
    final List<Long> addedOutside = new ArrayList<>();
    final List<Long> addedInside = new ArrayList<>();
    /** Per run of "re-apply, nothing missing": pg_class rows rewritten. */
    final List<Long> reapplyRewritten = new ArrayList<>();
    /** Longest single INSERT + SELECT of a concurrent writer while the bundle's first apply ran. */
    double writerMaxMillis = Double.NaN;
    long writerOperations;

    SizeResult(Size size) {
        this.size = size;
    }

    void add(Variant variant, Sample sample) {
        samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(sample);
    }

    Sample median(Variant variant) {
        return Sample.median(samples.getOrDefault(variant, List.of()));
    }

    /** @return the most any run rewrote (they should all agree), or -1 when none ran */
    static long most(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    double ratio(Variant of, Variant to) {
        return median(of).millis() / median(to).millis();
    }
}
