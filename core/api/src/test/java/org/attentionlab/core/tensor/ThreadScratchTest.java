package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Per-thread scratch is reused while a cell runs and dropped, on every thread, between cells. */
class ThreadScratchTest {

    @Test
    void aBufferIsReusedAndGrowsOnlyWhenAsked() {
        ThreadScratch scratch = new ThreadScratch("test buffer");
        float[] a = scratch.get(100);
        assertSame(a, scratch.get(50));
        float[] b = scratch.get(1000);
        assertNotSame(a, b);
        assertEquals(1000, b.length);
    }

    @Test
    void releaseAllDropsTheBuffersOfEveryThreadAndInstance() throws Exception {
        ThreadScratch.releaseAll();
        ThreadScratch one = new ThreadScratch("one");
        ThreadScratch two = new ThreadScratch("two");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // two pool threads, each holding a buffer of each instance, the way a cell's kernel threads do
            CountDownLatch both = new CountDownLatch(2);
            for (int t = 0; t < 2; t++) {
                pool.submit(() -> {
                    one.get(1 << 20);
                    two.get(1 << 18);
                    both.countDown();
                    try {
                        both.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(both.await(10, TimeUnit.SECONDS));
            long held = 2L * ((1 << 20) + (1 << 18)) * Float.BYTES;
            assertTrue(ThreadScratch.retainedBytes() >= held, "held " + ThreadScratch.retainedBytes());
            ThreadScratch.releaseAll();
            assertTrue(ThreadScratch.retainedBytes() < held / 100, "after release " + ThreadScratch.retainedBytes());
            // the next request on a pool thread allocates again and works
            assertEquals(1 << 10, pool.submit(() -> one.get(1 << 10).length).get().intValue());
        } finally {
            pool.shutdownNow();
        }
    }
}
