package org.attentionlab.core.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads for {@link Parallel}. Kernels are called back to back (a projection, the
 * attention, the next projection), so an idle worker spins for a short while before it parks: the next
 * call then starts without a wake-up, and no task object or future is allocated per call.
 *
 * <p>The chunks of a call are claimed from a counter by whoever comes first, the caller included, so the
 * caller never waits for a worker that has not started (one still waking up, or without a core on a busy
 * machine): it runs the unclaimed chunks itself and waits only for chunks already under way. One call
 * runs at a time; {@link #tryAcquire()} tells a caller that finds the pool busy to run its work itself.
 */
final class SpinningPool {

    /** How long an idle worker keeps spinning before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Next chunk to claim; reset before each call's generation is published (0 of 0 parts before any). */
    private final AtomicInteger claim = new AtomicInteger();
    /** Chunks of the current call not finished yet. */
    private final AtomicInteger remaining = new AtomicInteger();

    // The current call; written before claim is reset, which publishes them to any claimant.
    private IntConsumer body;
    private int count;
    private int parts;
    private volatile int generation;
    private volatile Throwable failure;
    private volatile boolean stopped;

    SpinningPool(int size) {
        workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    int size() {
        return workers.length;
    }

    boolean tryAcquire() {
        return !stopped && busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /** Runs the {@code parts} chunks of {@code [0, count)} on the caller and the workers; the caller holds the pool. */
    void run(int count, int parts, IntConsumer body) {
        this.body = body;
        this.count = count;
        this.parts = parts;
        failure = null;
        remaining.set(parts);
        claim.set(0);
        generation++; // only the holder of busy writes it
        for (int w = 0; w < parts - 1; w++) {
            Worker worker = workers[w];
            if (worker.parked) {
                LockSupport.unpark(worker);
            }
        }
        claimChunks();
        for (int spins = 0; remaining.get() != 0; spins++) {
            if ((spins & 0xff) == 0xff) {
                Thread.yield(); // a worker lost its core mid-chunk: let it run
            } else {
                Thread.onSpinWait();
            }
        }
        this.body = null;
        Throwable failed = failure;
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** Runs chunks of the current call until none is left to claim. */
    private void claimChunks() {
        for (int chunk = claim.getAndIncrement(); chunk < parts; chunk = claim.getAndIncrement()) {
            try {
                int from = (int) ((long) count * chunk / parts);
                int to = (int) ((long) count * (chunk + 1) / parts);
                for (int i = from; i < to; i++) {
                    body.accept(i);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                remaining.decrementAndGet();
            }
        }
    }

    /** Stops the workers once the pool is free; later calls run on their callers. */
    void shutdown() {
        while (!busy.compareAndSet(false, true)) {
            Thread.yield();
        }
        stopped = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {

        volatile boolean parked;

        Worker(int index) {
            super("attnlab-kernel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0; // the generation at construction, so a call made before this thread first runs still counts as new
            while (true) {
                seen = await(seen);
                if (stopped) {
                    return;
                }
                claimChunks();
            }
        }

        /** Returns the next generation, spinning first and then parking. */
        private int await(int seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            for (int spins = 0; ; spins++) {
                int g = generation;
                if (g != seen || stopped) {
                    return g;
                }
                if ((spins & 0x3f) != 0 || System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true; // Dekker with run(): it writes generation, then reads parked
                g = generation;
                if (g == seen && !stopped) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }
}
