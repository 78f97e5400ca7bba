package org.attentionlab.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.attentionlab.core.model.EncoderStage;
import org.attentionlab.core.model.StageObserver;

/**
 * Wall and CPU time of each {@link EncoderStage}, summed over the forwards it observed (all layers of a
 * stage together): a clock around every stage of {@link org.attentionlab.core.model.BertEncoder}'s own
 * forward. CPU time is this thread's only, so with more than one kernel thread it leaves out the workers'.
 */
final class StageTimer implements StageObserver {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] nanos = new long[EncoderStage.values().length];
    private final long[] cpuNanos = new long[EncoderStage.values().length];
    private long stageStart;
    private long stageCpuStart;

    @Override
    public void forwardStarted(int n) {
        stageStart = System.nanoTime();
        stageCpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @Override
    public void stageEnded(EncoderStage stage, int layer) {
        long now = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        nanos[stage.ordinal()] += now - stageStart;
        cpuNanos[stage.ordinal()] += cpu - stageCpuStart;
        stageStart = now;
        stageCpuStart = cpu;
    }

    void reset() {
        Arrays.fill(nanos, 0);
        Arrays.fill(cpuNanos, 0);
    }

    /** One row per stage: mean wall and CPU milliseconds per forward and their shares, then the totals. */
    String report(int forwards) {
        long total = 0;
        long cpuTotal = 0;
        for (int i = 0; i < nanos.length; i++) {
            total += nanos[i];
            cpuTotal += cpuNanos[i];
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "    %-18s %8s  %6s   %s%n", "stage", "wall", "share", "CPU time of this thread (wall counts time the thread was descheduled)"));
        for (EncoderStage s : EncoderStage.values()) {
            b.append(String.format(Locale.ROOT, "    %-18s %8.2f ms  %5.1f%%   %8.2f ms  %5.1f%%%n", s, nanos[s.ordinal()] / 1e6 / forwards,
                    100.0 * nanos[s.ordinal()] / total, cpuNanos[s.ordinal()] / 1e6 / forwards, 100.0 * cpuNanos[s.ordinal()] / cpuTotal));
        }
        b.append(String.format(Locale.ROOT, "    %-18s %8.2f ms           %8.2f ms%n", "total", total / 1e6 / forwards, cpuTotal / 1e6 / forwards));
        return b.toString();
    }
}
