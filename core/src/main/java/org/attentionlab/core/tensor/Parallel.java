package org.attentionlab.core.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The one thread pool every kernel shares, sized by the experiment's {@code measure.threads}. With one
 * thread the work runs on the caller, so a single-threaded measurement has no hand-off cost.
 */
public final class Parallel {

    private static volatile int threads = 1;
    private static volatile ExecutorService pool;

    private Parallel() {
    }

    /** Sets the number of threads kernels may use (the calling thread counts as one). */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + count);
        }
        if (count == threads) {
            return;
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = count;
        if (count > 1) {
            pool = Executors.newFixedThreadPool(count - 1, r -> {
                Thread t = new Thread(r, "attnlab-kernel");
                t.setDaemon(true);
                return t;
            });
        }
    }

    public static int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)}, split into contiguous chunks over the
     * pool; the caller runs the first chunk. Returns when all are done.
     */
    public static void forRange(int count, IntConsumer body) {
        int workers = Math.min(threads, count);
        ExecutorService executor = pool;
        if (workers <= 1 || executor == null) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            int from = (int) ((long) count * w / workers);
            int to = (int) ((long) count * (w + 1) / workers);
            futures.add(executor.submit(() -> {
                for (int i = from; i < to; i++) {
                    body.accept(i);
                }
            }));
        }
        int firstEnd = count / workers;
        for (int i = 0; i < firstEnd; i++) {
            body.accept(i);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
