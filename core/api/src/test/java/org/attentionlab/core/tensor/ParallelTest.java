package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @AfterEach
    void oneThread() {
        Parallel.setThreads(1);
    }

    @Test
    void everyIndexRunsExactlyOnceAcrossManyCalls() {
        for (int threads : new int[] {2, 3, 1, 2}) {
            Parallel.setThreads(threads); // a call right after a resize must not be missed by a new worker
            for (int call = 0; call < 2000; call++) {
                int count = call % 7;
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(count, 1));
                Parallel.forRange(count, i -> hits.incrementAndGet(i));
                for (int i = 0; i < count; i++) {
                    assertEquals(1, hits.get(i), "threads " + threads + ", call " + call + ", index " + i);
                }
            }
        }
    }

    @Test
    void usesTheWorkersAndTheCaller() {
        Parallel.setThreads(2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 100 && seen.size() < 2; call++) {
            Parallel.forRange(2, i -> {
                seen.add(Thread.currentThread());
                sleep(); // long enough for the woken worker to claim the other chunk
            });
        }
        assertEquals(2, seen.size());
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void rethrowsAChunksException() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, i -> {
            if (i == 1) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        Parallel.forRange(4, hits::incrementAndGet); // the pool still works afterwards
        assertEquals("[1, 1, 1, 1]", hits.toString());
    }

    @Test
    void nestedCallsRunOnTheirCaller() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(9);
        Parallel.forRange(3, i -> Parallel.forRange(3, j -> hits.incrementAndGet(3 * i + j)));
        assertEquals("[1, 1, 1, 1, 1, 1, 1, 1, 1]", hits.toString());
    }

    @Test
    void rejectsZeroThreads() {
        assertEquals("threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0)).getMessage());
    }
}
