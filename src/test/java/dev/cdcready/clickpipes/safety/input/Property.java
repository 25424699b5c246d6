package dev.cdcready.clickpipes.safety.input;

import java.util.Random;
import java.util.function.Function;

/**
 * A minimal property-based runner: a fixed seed, a number of tries, a generator and a check. A failure names the
 * property, the seed, the try and the generated value, and how to re-run exactly that sequence
 * ({@code -Dsafety.seed=<seed>}). With {@code -Dsafety.seed=random} each run explores new values (the seed is printed).
 *
 * <p>Why not jqwik: from 1.10 its maintainers ask that it not be used by AI coding agents (the "Anti-AI Usage
 * Clause"), and these tests were written with one; a seeded generator and a loop are all these properties need.
 */
final class Property {

    /** The default seed: fixed, so {@code mvn verify} is repeatable. */
    static final long DEFAULT_SEED = 20261124L;

    /** A check that may throw anything, SQL and assertion errors alike. */
    @FunctionalInterface
    interface Check<T> {
        void accept(T value) throws Exception;
    }

    private Property() {
    }

    /** @return the seed for this run: {@code -Dsafety.seed}, {@code random}, or {@link #DEFAULT_SEED} */
    static long seed() {
        String configured = System.getProperty("safety.seed", "");
        if (configured.isBlank()) {
            return DEFAULT_SEED;
        }
        if (configured.equalsIgnoreCase("random")) {
            long seed = new Random().nextLong();
            System.out.println("safety.seed=" + seed);
            return seed;
        }
        return Long.parseLong(configured.strip());
    }

    /**
     * Runs {@code check} on {@code tries} generated values.
     *
     * @param name the property, named in a failure
     * @param tries how many values to generate
     * @param generator makes one value from the random source
     * @param describe renders a value for the failure message (never print secrets of real systems; these are test
     *                 values)
     * @param check the property
     */
    static <T> void forAll(String name, int tries, Function<Random, T> generator, Function<T, String> describe,
                           Check<T> check) {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 1; i <= tries; i++) {
            T value = generator.apply(random);
            try {
                check.accept(value);
            } catch (Throwable failure) {
                throw new AssertionError("Property '" + name + "' falsified at try " + i + " of " + tries
                        + " with seed " + seed + " (re-run with -Dsafety.seed=" + seed + ") by: " + describe.apply(value)
                        + "\n" + failure, failure);
            }
        }
    }
}
