package dev.cdcready.clickpipes.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark's tables, with each target written next to the value it judges. */
final class Report {

    static final double FIRST_APPLY_TARGET = 1.3;
    static final double NOTHING_PENDING_TARGET = 1.2;
    static final double VERIFY_TARGET_MILLIS = 2000;
    static final long HEAP_TARGET_MB = 256;
    static final double LOCK_TIMEOUT_MILLIS = 30_000;

    private Report() {
    }

    static void print(SizeResult r) {
        StringBuilder line = new StringBuilder("[bench] " + r.size.label() + " medians:");
        for (Variant v : Variant.values()) {
            Sample s = r.median(v);
            line.append(String.format(Locale.ROOT, " %s=%.0fms/%dst", v.name().toLowerCase(Locale.ROOT), s.millis(),
                    s.statements()));
        }
        System.out.println(line);
    }

    static String markdown(List<SizeResult> results, String machine, int reps, int largeReps) {
        StringBuilder md = new StringBuilder();
        md.append("### Wall time (median ms)\n\n")
                .append("| Database (schemas × tables) | Tables | Runs | Floor | Bare Flyway first | Bundle first "
                        + "| Bundle / bare (target ≤ 1.3) | Bundle / floor | Bare Flyway nothing pending "
                        + "| Bundle nothing pending | Bundle / bare nothing pending (target ≤ 1.2) | check "
                        + "| verify (target < 2 s at 100,000) | verify command |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SizeResult r : results) {
            double first = r.ratio(Variant.BUNDLE_FIRST, Variant.BARE_FIRST);
            double nothing = r.ratio(Variant.BUNDLE_NOTHING, Variant.BARE_NOTHING);
            double verify = r.median(Variant.VERIFY).millis();
            md.append(row(r.size.label(), String.format("%,d", r.size.tables()), String.valueOf(r.repetitions),
                    ms(r, Variant.FLOOR), ms(r, Variant.BARE_FIRST), ms(r, Variant.BUNDLE_FIRST),
                    judged(first, first <= FIRST_APPLY_TARGET), times(r.ratio(Variant.BUNDLE_FIRST, Variant.FLOOR)),
                    ms(r, Variant.BARE_NOTHING), ms(r, Variant.BUNDLE_NOTHING),
                    judged(nothing, nothing <= NOTHING_PENDING_TARGET), ms(r, Variant.CHECK),
                    ms(r, Variant.VERIFY) + (r.size.tables() >= 100_000
                            ? (verify < VERIFY_TARGET_MILLIS ? " ✅" : " ❌") : ""),
                    ms(r, Variant.DRIFT)));
        }
        md.append("\n### SQL statements sent and peak heap\n\n")
                .append("| Database | Statements: floor | bare first | bundle first | bare nothing pending "
                        + "| bundle nothing pending | check (target: constant per schema) | verify (same target) "
                        + "| verify command | Peak heap MB, bundle first / nothing pending / verify (target < 256 "
                        + "at 100,000) |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SizeResult r : results) {
            long heap = Math.max(mb(r, Variant.BUNDLE_FIRST), Math.max(mb(r, Variant.BUNDLE_NOTHING),
                    mb(r, Variant.VERIFY)));
            md.append(row(r.size.label(), st(r, Variant.FLOOR), st(r, Variant.BARE_FIRST),
                    st(r, Variant.BUNDLE_FIRST), st(r, Variant.BARE_NOTHING), st(r, Variant.BUNDLE_NOTHING),
                    st(r, Variant.CHECK), st(r, Variant.VERIFY), st(r, Variant.DRIFT),
                    mb(r, Variant.BUNDLE_FIRST) + " / " + mb(r, Variant.BUNDLE_NOTHING) + " / " + mb(r, Variant.VERIFY)
                            + (r.size.tables() >= 100_000 ? (heap < HEAP_TARGET_MB ? " ✅" : " ❌") : "")));
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
        md.append("\nRuns per size: ").append(reps).append(" (").append(largeReps)
                .append(" from 50,000 tables up), after one unrecorded warm-up round on the first size.\n\n")
                .append("Machine:\n\n").append(machine);
        return md.toString();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String ms(SizeResult r, Variant v) {
        return String.format(Locale.ROOT, "%,.0f", r.median(v).millis());
    }

    private static String st(SizeResult r, Variant v) {
        return String.format(Locale.ROOT, "%,d", r.median(v).statements());
    }

    private static long mb(SizeResult r, Variant v) {
        return r.median(v).heapBytes() / (1024 * 1024);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String judged(double ratio, boolean met) {
        return times(ratio) + (met ? " ✅" : " ❌");
    }

    private static String judged(double value, String format, boolean met) {
        return String.format(Locale.ROOT, format, value) + (met ? " ✅" : " ❌");
    }
}
