package org.attentionlab.core.tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * Scratch owned by the thread that uses it: one buffer per kernel thread rather than one per head, for
 * work items (heads) that need a large temporary only while they run. With {@code t} threads the peak
 * is {@code t} buffers however many heads there are. Buffers only grow. Safe to share between threads: each
 * thread sees only its own buffer, which it must not hand to another thread.
 */
@ExtensionPoint
public final class ThreadScratch {

    private final String what;
    private final ThreadLocal<float[]> buffer = ThreadLocal.withInitial(() -> new float[0]);
    /** Every thread's current buffer, so {@link #heldBytes} can sum them; weak keys let finished threads go. */
    private final Map<Thread, float[]> held = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * A scratch with no buffer yet; each thread allocates on its first {@link #get}.
     *
     * @param what names the buffer in the error a too-long request raises
     */
    public ThreadScratch(String what) {
        this.what = what;
    }

    /**
     * This thread's buffer, at least {@code length} floats; contents undefined.
     *
     * @throws IllegalArgumentException when {@code length} exceeds one Java array
     */
    public float[] get(long length) {
        if (length > HeadScratch.MAX_LENGTH) {
            throw new IllegalArgumentException("the " + what + " needs " + length + " floats, more than one Java array holds");
        }
        float[] b = buffer.get();
        if (b.length < length) {
            b = new float[(int) length];
            buffer.set(b);
            held.put(Thread.currentThread(), b);
        }
        return b;
    }

    /** Bytes held by all threads' buffers now (what a cost model's scratch figure should equal). */
    public long heldBytes() {
        synchronized (held) {
            long bytes = 0;
            for (float[] b : held.values()) {
                bytes += (long) b.length * Float.BYTES;
            }
            return bytes;
        }
    }
}
