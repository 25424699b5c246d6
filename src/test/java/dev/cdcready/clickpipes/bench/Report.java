package dev.cdcready.clickpipes.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark's tables, with each target (issue 11) written next to the value it judges. */
final class Report {

    /** First apply against the floor, from this many schemas up. */
    static final double FIRST_VS_FLOOR_TARGET = 0.1;
    static final int FIRST_VS_FLOOR_FROM_SCHEMAS = 1_000;
    /** First apply against bare Flyway, from this many tables up. */
    static final double FIRST_VS_BARE_TARGET = 1.0;
    static final int FIRST_VS_BARE_FROM_TABLES = 10_000;
    static final double NOTHING_PENDING_TARGET = 2.0;
    /** Where the time targets of verify and of adding a schema apply. */
    static final int LARGE_TABLES = 100_000;
    static final double VERIFY_TARGET_MILLIS = 1000;
    static final double ONE_SCHEMA_TARGET_MILLIS = 1000;
    static final long HEAP_TARGET_MB = 256;
    static final double LOCK_TIMEOUT_MILLIS = 30_000;
    /** Variants whose peak heap is judged: the bundle's own. */
    private static final List<Variant> BUNDLE = List.of(Variant.BUNDLE_FIRST, Variant.BUNDLE_NOTHING, Variant.VERIFY,
            Variant.DRIFT, Variant.ONE_SCHEMA_ADDED, Variant.REAPPLY);

    /**
     * How often each cell was measured, and how long the whole benchmark took.
     *
     * @param reps runs per size below 50,000 tables
     * @param largeReps runs of the bundle's variants, check and verify from 50,000 tables up
     * @param baselineLargeReps runs of the floor and bare Flyway from 50,000 tables up
     * @param baselineMaxSchemas sizes with more schemas ran neither the floor nor bare Flyway
     * @param minutes the benchmark's wall time
     */
    record Runs(int reps, int largeReps, int baselineLargeReps, int baselineMaxSchemas, double minutes) {
    }

    private Report() {
    }

    static void print(SizeResult r) {
        StringBuilder line = new StringBuilder("[bench] " + r.size.label() + " medians:");
        for (Variant v : Variant.values()) {
            Sample s = r.median(v);
            line.append(String.format(Locale.ROOT, " %s=%.0fms/%dst", v.name().toLowerCase(Locale.ROOT), s.millis(),
                    s.statements()));
        }
        line.append(" rewrites: added outside=").append(SizeResult.most(r.addedOutside)).append(" inside=")
                .append(SizeResult.most(r.addedInside)).append(" re-apply=")
                .append(SizeResult.most(r.reapplyRewritten));
        System.out.println(line);
    }

    static String markdown(List<SizeResult> results, String machine, Runs runs) {
        StringBuilder md = new StringBuilder();
        md.append("### Wall time (median ms)\n\n")
                .append("| Database (schemas × tables) | Tables | Runs (floor and bare / bundle) | Floor "
                        + "| Bare Flyway first | Bundle first | Bundle / floor (target ≤ 0.1 from 1,000 schemas) "
                        + "| Bundle / bare (target ≤ 1.0 from 10,000 tables) | Bare Flyway nothing pending "
                        + "| Bundle nothing pending | Bundle / bare nothing pending (target ≤ 2) | check "
                        + "| verify (target < 1 s at 100,000) | verify command (the same target) |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SizeResult r : results) {
            double floor = r.ratio(Variant.BUNDLE_FIRST, Variant.FLOOR);
            double bare = r.ratio(Variant.BUNDLE_FIRST, Variant.BARE_FIRST);
            double nothing = r.ratio(Variant.BUNDLE_NOTHING, Variant.BARE_NOTHING);
            md.append(row(r.size.label(), String.format("%,d", r.size.tables()),
                    r.baselineRepetitions + " / " + r.repetitions,
                    ms(r, Variant.FLOOR), ms(r, Variant.BARE_FIRST), ms(r, Variant.BUNDLE_FIRST),
                    judgedIf(r.size.schemas() >= FIRST_VS_FLOOR_FROM_SCHEMAS, floor, floor <= FIRST_VS_FLOOR_TARGET),
                    judgedIf(r.size.tables() >= FIRST_VS_BARE_FROM_TABLES, bare, bare <= FIRST_VS_BARE_TARGET),
                    ms(r, Variant.BARE_NOTHING), ms(r, Variant.BUNDLE_NOTHING),
                    judged(nothing, nothing <= NOTHING_PENDING_TARGET), ms(r, Variant.CHECK),
                    ms(r, Variant.VERIFY) + mark(large(r), r.median(Variant.VERIFY).millis() < VERIFY_TARGET_MILLIS),
                    // The command a DBA runs: the issue's `verify`, with the probe and the replication login.
                    ms(r, Variant.DRIFT) + mark(large(r), r.median(Variant.DRIFT).millis() < VERIFY_TARGET_MILLIS)));
        }
        md.append("\n### Adding a schema, and re-applying with nothing missing\n\n")
                .append("| Database | One schema added: ms (target < 1 s at 100,000 tables) | statements "
                        + "| pg_class rows rewritten outside the new schema (target 0) | inside it "
                        + "| Re-apply, nothing missing: ms (the same target) | statements "
                        + "| pg_class rows rewritten (target 0) |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SizeResult r : results) {
            long outside = SizeResult.most(r.addedOutside);
            long reapplied = SizeResult.most(r.reapplyRewritten);
            md.append(row(r.size.label(), ms(r, Variant.ONE_SCHEMA_ADDED)
                            + mark(large(r), r.median(Variant.ONE_SCHEMA_ADDED).millis() < ONE_SCHEMA_TARGET_MILLIS),
                    st(r, Variant.ONE_SCHEMA_ADDED), count(outside) + mark(true, outside == 0),
                    count(SizeResult.most(r.addedInside)), ms(r, Variant.REAPPLY)
                            + mark(large(r), r.median(Variant.REAPPLY).millis() < ONE_SCHEMA_TARGET_MILLIS),
                    st(r, Variant.REAPPLY),
                    count(reapplied) + mark(true, reapplied == 0)));
        }
        md.append("\n### SQL statements sent and peak heap\n\n")
                .append("| Database | Statements: floor | bare first | bundle first | bare nothing pending "
                        + "| bundle nothing pending (target: the same at every size) | check (same target) "
                        + "| verify (same target) | verify command | one schema added | re-apply "
                        + "| Peak heap MB, largest of the bundle's variants (target < 256) |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        SizeResult first = results.get(0);
        for (SizeResult r : results) {
            long heap = BUNDLE.stream().mapToLong(v -> mb(r, v)).max().orElse(0);
            md.append(row(r.size.label(), st(r, Variant.FLOOR), st(r, Variant.BARE_FIRST),
                    st(r, Variant.BUNDLE_FIRST), st(r, Variant.BARE_NOTHING), constant(r, first, Variant.BUNDLE_NOTHING),
                    constant(r, first, Variant.CHECK), constant(r, first, Variant.VERIFY), st(r, Variant.DRIFT),
                    st(r, Variant.ONE_SCHEMA_ADDED), st(r, Variant.REAPPLY),
                    heap + mark(true, heap < HEAP_TARGET_MB)));
        }
        md.append("\n### An application writing during the bundle's first apply\n\n")
                .append("| Database | Writes (INSERT + SELECT, 5 ms apart) | Longest (target < lock_timeout, 30 s) "
                        + "| Tables created in |\n")
                .append("|---|--:|--:|--:|\n");
        for (SizeResult r : results) {
            md.append(row(r.size.label(), String.format("%,d", r.writerOperations),
                    judged(r.writerMaxMillis, "%.0f ms", r.writerMaxMillis < LOCK_TIMEOUT_MILLIS),
                    String.format(Locale.ROOT, "%.0f s", r.createSeconds)));
        }
        md.append("\nRuns per size: ").append(runs.reps()).append(" below 50,000 tables; from 50,000 tables up ")
                .append(runs.largeReps()).append(" of the bundle's variants and check, and ")
                .append(runs.baselineLargeReps()).append(" of the floor and bare Flyway (each takes minutes there)")
                .append(runs.baselineMaxSchemas() == Integer.MAX_VALUE ? ""
                        : String.format(Locale.ROOT, ", none above %,d schemas (bench.baselineMaxSchemas)",
                                runs.baselineMaxSchemas()))
                .append("; in each of them ").append(SizeRun.NOTHING_PENDING_RUNS)
                .append(" nothing-pending runs of each; after one unrecorded warm-up round on the first size. ")
                .append("Rewritten rows: the most of any run. ")
                .append(String.format(Locale.ROOT, "The benchmark ran %.0f min.\n\n", runs.minutes()))
                .append("Machine:\n\n").append(machine);
        return md.toString();
    }

    private static boolean large(SizeResult r) {
        return r.size.tables() >= LARGE_TABLES;
    }

    /** The statement count, judged against the first size's: the target is a count that does not grow. */
    private static String constant(SizeResult r, SizeResult first, Variant v) {
        return st(r, v) + mark(true, r.median(v).statements() == first.median(v).statements());
    }

    private static String count(long n) {
        return n < 0 ? "–" : String.format(Locale.ROOT, "%,d", n);
    }

    private static String mark(boolean judged, boolean met) {
        return judged ? (met ? " ✅" : " ❌") : "";
    }

    private static String judgedIf(boolean judged, double ratio, boolean met) {
        return Double.isNaN(ratio) ? "–" : times(ratio) + mark(judged, met);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** A median, or a dash where the variant did not run on this size. */
    private static String ms(SizeResult r, Variant v) {
        return measured(r, v) ? String.format(Locale.ROOT, "%,.0f", r.median(v).millis()) : "–";
    }

    private static String st(SizeResult r, Variant v) {
        return measured(r, v) ? String.format(Locale.ROOT, "%,d", r.median(v).statements()) : "–";
    }

    private static boolean measured(SizeResult r, Variant v) {
        return !Double.isNaN(r.median(v).millis());
    }

    private static long mb(SizeResult r, Variant v) {
        return r.median(v).heapBytes() / (1024 * 1024);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String judged(double ratio, boolean met) {
        return judgedIf(true, ratio, met);
    }

    private static String judged(double value, String format, boolean met) {
        return String.format(Locale.ROOT, format, value) + mark(true, met);
    }
}
