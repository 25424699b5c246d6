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

    double ratio(Variant of, Variant to) {
        return median(of).millis() / median(to).millis();
    }
}
