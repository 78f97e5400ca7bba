package org.attentionlab.benchmarks;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One core's Vector API multiply-add peak: twelve independent FMA chains on the species every kernel uses
 * ({@code FloatVector.SPECIES_PREFERRED}, as core's {@code VectorInfo}), so the FMA units never wait on a
 * chain's latency (4 cycles x 2 ports needs 8 in flight; 12 leave room). Nothing but the FMAs runs in the
 * loop, so it is the ceiling a kernel's figure is a share of. Twelve accumulators plus two constants fit
 * AVX2's 16 registers, so the same loop measures both widths without spilling.
 */
final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Multiply-add steps per chain and timed round: 12 x 4M x 2 x lanes flops, tens of ms per round. */
    private static final int STEPS = 4_000_000;

    /**
     * The best and the median round in GFLOP/s, by wall clock and by this thread's CPU time (which leaves out
     * the time other processes hold the core; on a loaded machine the figure to compare kernels with).
     */
    record Result(double best, double median, double cpuBest, double cpuMedian, int lanes) {
    }

    private FmaPeak() {
    }

    /** Five untimed rounds, then {@code rounds} timed ones, one thread (the caller's). */
    static Result measure(int rounds) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        float sink = 0f;
        for (int i = 0; i < 5; i++) {
            sink += chains(STEPS);
        }
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        double flops = roundFlops();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long cpuStart = bean.getCurrentThreadCpuTime();
            sink += chains(STEPS);
            cpu[i] = flops / (bean.getCurrentThreadCpuTime() - cpuStart);
            wall[i] = flops / (System.nanoTime() - start);
        }
        if (sink == 42f) {   // keeps the chains' results alive; practically never true
            System.out.print("");
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Result(wall[rounds - 1], wall[rounds / 2], cpu[rounds - 1], cpu[rounds / 2], S.length());
    }

    /** Flops of one {@link #round}. */
    static double roundFlops() {
        return 12.0 * 2 * S.length() * STEPS;
    }

    /** One round of the chains, untimed (the caller times it beside its kernels); returns a lane sum to keep alive. */
    static float round() {
        return chains(STEPS);
    }

    /** Twelve independent chains {@code a = a * b + c}, |b| < 1 so nothing overflows; returns a lane sum. */
    private static float chains(int steps) {
        FloatVector b = FloatVector.broadcast(S, 0.9999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 0.1f);
        FloatVector a1 = FloatVector.broadcast(S, 0.2f);
        FloatVector a2 = FloatVector.broadcast(S, 0.3f);
        FloatVector a3 = FloatVector.broadcast(S, 0.4f);
        FloatVector a4 = FloatVector.broadcast(S, 0.5f);
        FloatVector a5 = FloatVector.broadcast(S, 0.6f);
        FloatVector a6 = FloatVector.broadcast(S, 0.7f);
        FloatVector a7 = FloatVector.broadcast(S, 0.8f);
        FloatVector a8 = FloatVector.broadcast(S, 0.9f);
        FloatVector a9 = FloatVector.broadcast(S, 1.0f);
        FloatVector a10 = FloatVector.broadcast(S, 1.1f);
        FloatVector a11 = FloatVector.broadcast(S, 1.2f);
        for (int i = 0; i < steps; i++) {
            a0 = a0.fma(b, c);
            a1 = a1.fma(b, c);
            a2 = a2.fma(b, c);
            a3 = a3.fma(b, c);
            a4 = a4.fma(b, c);
            a5 = a5.fma(b, c);
            a6 = a6.fma(b, c);
            a7 = a7.fma(b, c);
            a8 = a8.fma(b, c);
            a9 = a9.fma(b, c);
            a10 = a10.fma(b, c);
            a11 = a11.fma(b, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
