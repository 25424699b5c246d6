package dev.cdcready.clickpipes.bench;

/** What the benchmark times, in the order it reports them. */
enum Variant {
    FLOOR("floor: JDBC, one transaction"),
    BARE_FIRST("bare Flyway, first apply"),
    BUNDLE_FIRST("bundle, first apply"),
    BARE_NOTHING("bare Flyway, nothing pending"),
    BUNDLE_NOTHING("bundle, nothing pending"),
    CHECK("check (PreCheck.run)"),
    VERIFY("verify (Verifier.verify)"),
    DRIFT("verify command (DriftCheck.run)"),
    ONE_SCHEMA_ADDED("bundle, one schema added"),
    REAPPLY("bundle, re-apply with nothing missing");

    final String label;

    Variant(String label) {
        this.label = label;
    }
}
