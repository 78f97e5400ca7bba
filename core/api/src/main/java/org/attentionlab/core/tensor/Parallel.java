package org.attentionlab.core.tensor;

import java.util.function.IntConsumer;
import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * The one thread pool every kernel shares, sized by the experiment's {@code measure.threads}. With one
 * thread the work runs on the caller, so a single-threaded measurement has no hand-off cost. With more,
 * the workers of a {@link SpinningPool} pick up each call within about a microsecond. A plugin splits its
 * per-head work with {@link #forRange}; the runner alone sets the thread count.
 */
@ExtensionPoint
public final class Parallel {

    private static volatile int threads = 1;
    private static volatile SpinningPool pool;

    private Parallel() {
    }

    /**
     * Sets the number of threads kernels may use (the calling thread counts as one): starts a new pool of
     * {@code count - 1} workers and stops the old one; nothing happens when the count is unchanged. Call it
     * between forwards, not during one.
     *
     * @throws IllegalArgumentException when {@code count < 1}
     */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + count);
        }
        if (count == threads) {
            return;
        }
        SpinningPool old = pool;
        pool = count > 1 ? new SpinningPool(count - 1) : null;
        threads = count;
        if (old != null) {
            old.shutdown();
        }
    }

    /** The number of threads kernels may use now, the caller included; 1 until {@link #setThreads} says otherwise. */
    public static int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)}, split into {@code min(threads, count)}
     * contiguous chunks that the caller and the workers claim, whoever comes first. Returns when all are
     * done; an exception thrown by any chunk is rethrown here. A call made while the pool is busy (from inside a body, or from a
     * second thread) runs on its caller alone.
     */
    public static void forRange(int count, IntConsumer body) {
        int parts = Math.min(threads, count);
        SpinningPool p = pool;
        if (parts <= 1 || p == null || !p.tryAcquire()) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            p.run(count, Math.min(parts, p.size() + 1), body);
        } finally {
            p.release();
        }
    }
}
