package org.attentionlab.runners.memory;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What a cell may allocate, and the estimate of what it would, so that a size that cannot fit is
 * refused in one line before it allocates rather than ending in an OutOfMemoryError halfway. Two
 * limits: the Java heap ({@code -Xmx}, or the launcher's {@code -XX:MaxRAMPercentage=75}) for the
 * Java side, and the machine's memory for the Java heap plus ONNX Runtime's native buffers.
 */
public final class MemoryBudget {

    private final long heapLimit;
    private final long machineLimit;

    public MemoryBudget(long heapLimit, long machineLimit) {
        this.heapLimit = heapLimit;
        this.machineLimit = machineLimit;
    }

    /** This JVM's heap limit and this machine's physical memory. */
    public static MemoryBudget ofThisJvm() {
        long machine = Long.MAX_VALUE;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine = os.getTotalMemorySize();
        }
        return new MemoryBudget(Runtime.getRuntime().maxMemory(), machine);
    }

    public long heapLimit() {
        return heapLimit;
    }

    public long machineLimit() {
        return machineLimit;
    }

    /**
     * A peak-memory estimate, in parts.
     *
     * @param weights     model weights resident on the Java side (0 for a kernel sweep)
     * @param activations the inputs, outputs and per-forward buffers of the Java side
     * @param scratch     attention scratch: every live instance's peak, which already counts its kernel threads
     * @param reference   the reference side's share: ONNX Runtime's native heads x n x n probabilities
     *                    (off the Java heap), or 0 when the reference's scratch is in {@code scratch}
     */
    public record Estimate(long weights, long activations, long scratch, long reference) {

        public long heap() {
            return saturatedAdd(saturatedAdd(weights, activations), scratch);
        }

        public long total() {
            return saturatedAdd(heap(), reference);
        }

        public Estimate plus(Estimate other) {
            return new Estimate(saturatedAdd(weights, other.weights), saturatedAdd(activations, other.activations),
                    saturatedAdd(scratch, other.scratch), saturatedAdd(reference, other.reference));
        }
    }

    /** Whether the estimate fits both limits. */
    public boolean fits(Estimate e) {
        return e.heap() <= heapLimit && e.total() <= machineLimit;
    }

    /**
     * Null when the estimate fits, else one line: what needs how much against which limit, and what
     * to change.
     *
     * @param what   what is refused, e.g. {@code "n=16384"}
     * @param advice what to change, e.g. {@code "use algorithm: tiled, fewer threads, or a bigger heap"}
     */
    public String refusal(String what, Estimate e, String advice) {
        if (e.heap() > heapLimit) {
            return what + " needs about " + bytes(e.heap()) + " of Java heap (weights " + bytes(e.weights()) + ", activations "
                    + bytes(e.activations()) + ", attention scratch " + bytes(e.scratch()) + "), more than the heap limit of "
                    + bytes(heapLimit) + "; " + advice;
        }
        if (e.total() > machineLimit) {
            return what + " needs about " + bytes(e.total()) + " in all (Java heap " + bytes(e.heap()) + ", ONNX Runtime's attention probabilities "
                    + bytes(e.reference()) + "), more than the machine's " + bytes(machineLimit) + "; " + advice;
        }
        return null;
    }

    /** Bytes as KiB / MiB / GiB / TiB with one decimal. */
    public static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatedMultiply(long... factors) {
        long r = 1;
        for (long f : factors) {
            if (f != 0 && Math.abs(r) > Long.MAX_VALUE / Math.abs(f)) {
                return Long.MAX_VALUE;
            }
            r *= f;
        }
        return r;
    }
}
