package org.attentionlab.runners.execute;

import java.util.function.LongSupplier;

/**
 * The untimed rounds before a cell's timed repetitions: at least {@code measure.warmup} of them and, when
 * that is at least 1, as many more as it takes to fill {@link #FLOOR_NANOS} of warm-up. A count alone is
 * not enough at small n: the first cell of a variant is where the JIT compiles its code, and two rounds of
 * 12 ms (all-minilm-l6-v2 at n = 32) end long before C2 has; the variant's first timed repetitions then
 * measure the compiler (the quickstart's window-64 read 1.11x full at n = 32 with 2 rounds, its samples
 * falling from 14.5 to 11.8 ms, and 0.98x with 10). {@code warmup: 0} still means no warm-up at all.
 */
final class WarmUp {

    /** Half a second: 20 or so rounds at n = 32, one or two from n = 512, where a round takes longer. */
    static final long FLOOR_NANOS = 500_000_000L;

    private WarmUp() {
    }

    /** Runs the warm-up rounds on the wall clock; returns how many ran. */
    static int run(int rounds, Runnable round) {
        return run(rounds, round, System::nanoTime);
    }

    /** {@link #run(int, Runnable)} on the given clock (nanoseconds). */
    static int run(int rounds, Runnable round, LongSupplier clock) {
        if (rounds <= 0) {
            return 0;
        }
        long start = clock.getAsLong();
        int done = 0;
        while (done < rounds || clock.getAsLong() - start < FLOOR_NANOS) {
            round.run();
            done++;
        }
        return done;
    }
}
