package org.attentionlab.core.tensor;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * {@code y[rows x out] = x[rows x in] W + b} over {@link PackedWeights}, and the plain loop it replaced.
 *
 * <p>Work is cut into units of (one column panel) x (a block of {@link #ROW_BLOCK} rows); every unit
 * writes its own disjoint part of {@code y}. Threads start on contiguous runs of units in panel-major
 * order, so with two threads each one owns half of the panels: its share of the weights stays in its own
 * L2 while the activations stream past; a thread done early takes units from the other's run. Inside a
 * unit the rows go through {@link GemmKernels} tiles of {@code MR x NR}, the leftover rows through tiles
 * of 4, 2 and 1 rows. The last panel, when {@code out} is not a multiple of {@code NR}, is computed into
 * a per-thread scratch tile and its valid columns copied out.
 */
public final class Gemm {

    /** Rows per work unit: a few tiles, so small matrices still split over threads. */
    static final int ROW_BLOCK = 8 * GemmKernels.MR;
    /** Below this many multiply-adds a call stays on the caller's thread: a hand-off would cost more. */
    static final long PARALLEL_MIN_FMAS = 1L << 18;

    private static final ThreadLocal<float[]> EDGE_TILE =
            ThreadLocal.withInitial(() -> new float[GemmKernels.MR * GemmKernels.NR]);

    private Gemm() {
    }

    /** {@code y[rows x w.out] = x[rows x w.in] W + b}, on up to {@link Parallel#threads()} threads. */
    static void multiply(float[] x, int rows, PackedWeights w, float[] y) {
        int rowBlocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        int units = rowBlocks * w.panels;
        int parts = (long) rows * w.in * w.out < PARALLEL_MIN_FMAS ? 1 : Math.min(Parallel.threads(), units);
        if (parts <= 1) {
            units(x, rows, w, y, rowBlocks, 0, units);
            return;
        }
        Split split = SPLITS.get();
        split.set(x, rows, w, y, rowBlocks, units, parts);
        try {
            Parallel.forRange(parts, split);
        } finally {
            split.set(null, 0, null, null, 0, 0, 1);
        }
    }

    /**
     * One call's arguments for the threads, reused per calling thread so that a multi-threaded call
     * allocates nothing either (a capturing lambda would cost an object per call).
     *
     * <p>Each part starts on its own contiguous run of units (its own panels, so its weights stay in its
     * own L2); a part that finishes early takes the next units of the others' runs. On a loaded machine
     * a thread that loses its core for a while then no longer holds everyone up.
     */
    private static final class Split implements IntConsumer {
        /** Ints between two cursors: one cache line each, so threads do not share one. */
        private static final int PAD = 16;

        private float[] x;
        private int rows;
        private PackedWeights w;
        private float[] y;
        private int rowBlocks;
        private int units;
        private int parts;
        /** Next unit of each part's run, at index {@code part * PAD}. */
        private AtomicIntegerArray next = new AtomicIntegerArray(PAD);

        void set(float[] x, int rows, PackedWeights w, float[] y, int rowBlocks, int units, int parts) {
            this.x = x;
            this.rows = rows;
            this.w = w;
            this.y = y;
            this.rowBlocks = rowBlocks;
            this.units = units;
            this.parts = parts;
            if (next.length() < parts * PAD) {
                next = new AtomicIntegerArray(parts * PAD);
            }
            for (int p = 0; p < parts; p++) {
                next.set(p * PAD, start(p));
            }
        }

        private int start(int part) {
            return (int) ((long) units * part / parts);
        }

        @Override
        public void accept(int part) {
            for (int i = 0; i < parts; i++) {
                int owner = (part + i) % parts;
                int end = start(owner + 1);
                for (int u = next.getAndIncrement(owner * PAD); u < end; u = next.getAndIncrement(owner * PAD)) {
                    units(x, rows, w, y, rowBlocks, u, u + 1);
                }
            }
        }
    }

    private static final ThreadLocal<Split> SPLITS = ThreadLocal.withInitial(Split::new);

    private static void units(float[] x, int rows, PackedWeights w, float[] y, int rowBlocks, int from, int to) {
        for (int u = from; u < to; u++) {
            int panel = u / rowBlocks;
            int row0 = (u % rowBlocks) * ROW_BLOCK;
            block(x, w, y, panel, row0, Math.min(rows, row0 + ROW_BLOCK));
        }
    }

    /** Rows {@code [row0, row1)} of one column panel. */
    private static void block(float[] x, PackedWeights w, float[] y, int panel, int row0, int row1) {
        int mr = GemmKernels.MR;
        int nr = GemmKernels.NR;
        int k = w.in;
        int n = w.out;
        int col0 = panel * nr;
        int width = Math.min(nr, n - col0);
        int bOff = w.panelOffset(panel);
        float[] bias = w.bias;
        if (width == nr) {
            int r = row0;
            for (; r + mr <= row1; r += mr) {
                GemmKernels.tile(x, r * k, k, w.data, bOff, k, y, r * n + col0, n, bias, col0);
            }
            if (r < row1) {
                GemmKernels.leftover(row1 - r, x, r * k, k, w.data, bOff, k, y, r * n + col0, n, bias, col0);
            }
            return;
        }
        float[] tile = EDGE_TILE.get();
        int r = row0;
        for (; r + mr <= row1; r += mr) {
            GemmKernels.tile(x, r * k, k, w.data, bOff, k, tile, 0, nr, bias, col0);
            for (int i = 0; i < mr; i++) {
                System.arraycopy(tile, i * nr, y, (r + i) * n + col0, width);
            }
        }
        if (r < row1) {
            GemmKernels.leftover(row1 - r, x, r * k, k, w.data, bOff, k, tile, 0, nr, bias, col0);
            for (int i = 0; i < row1 - r; i++) {
                System.arraycopy(tile, i * nr, y, (r + i) * n + col0, width);
            }
        }
    }

    /**
     * The plain loop this class replaces, kept as the baseline the benchmarks compare against:
     * {@code y[rows x out] = x W + bias} with {@code W} row-major {@code in x out}, {@code bias} nullable,
     * one thread, float accumulation in k order.
     */
    public static void scalarReference(float[] x, int rows, int in, float[] weight, int out, float[] bias, float[] y) {
        for (int r = 0; r < rows; r++) {
            int yo = r * out;
            for (int o = 0; o < out; o++) {
                y[yo + o] = bias == null ? 0f : bias[o];
            }
            for (int i = 0; i < in; i++) {
                float a = x[r * in + i];
                int wo = i * out;
                for (int o = 0; o < out; o++) {
                    y[yo + o] += a * weight[wo + o];
                }
            }
        }
    }
}
