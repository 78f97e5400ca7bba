package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up's count and time floor, on a clock each round advances by a fixed step. */
class WarmUpTest {

    /** A clock that moves only when a round runs: each round takes {@code stepNanos}. */
    private static int rounds(int configured, long stepNanos, AtomicInteger ran) {
        long[] now = {0};
        return WarmUp.run(configured, () -> {
            ran.incrementAndGet();
            now[0] += stepNanos;
        }, () -> now[0]);
    }

    @Test
    void shortRoundsContinueUntilHalfASecondHasPassed() {
        AtomicInteger ran = new AtomicInteger();
        // 12 ms rounds (a forward at n = 32): 2 configured, 42 needed to pass 500 ms
        assertEquals(42, rounds(2, 12_000_000L, ran));
        assertEquals(42, ran.get());
    }

    @Test
    void longRoundsStopAtTheConfiguredCount() {
        AtomicInteger ran = new AtomicInteger();
        // 400 ms rounds (n = 512 with the reference): the floor is passed after 2, the count asks for 3
        assertEquals(3, rounds(3, 400_000_000L, ran));
        assertEquals(3, ran.get());
    }

    @Test
    void noWarmUpMeansNone() {
        AtomicInteger ran = new AtomicInteger();
        assertEquals(0, rounds(0, 1_000L, ran));
        assertEquals(0, ran.get());
    }
}
