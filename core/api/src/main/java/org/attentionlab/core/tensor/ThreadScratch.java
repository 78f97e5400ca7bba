package org.attentionlab.core.tensor;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * Scratch owned by the thread that uses it: one buffer per kernel thread rather than one per head, for
 * work items (heads) that need a large temporary only while they run. With {@code t} threads the peak
 * is {@code t} buffers however many heads there are. A buffer grows to the largest request and stays
 * until {@link #releaseAll} drops every buffer of every instance: a sweep calls it between cells, so
 * an n x n buffer of one cell is never kept into the next (nor by an instance no longer used, whose
 * thread-local value would otherwise live as long as the pool thread). Safe to share between threads:
 * each thread sees only its own buffer, which it must not hand to another thread.
 */
@ExtensionPoint
public final class ThreadScratch {

    /** One thread's buffer of one instance; registered so that {@link #releaseAll} can reach it from any thread. */
    private static final class Slot {
        volatile float[] buffer = new float[0];
    }

    // weak: a slot lives as long as its thread's ThreadLocal entry, not longer
    private static final Set<Slot> SLOTS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final String what;
    /** This instance's slots on every thread, so {@link #heldBytes} can sum them; weak like {@code SLOTS}. */
    private final Set<Slot> mine = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(() -> {
        Slot s = new Slot();
        SLOTS.add(s);
        mine.add(s);
        return s;
    });

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
        Slot s = slot.get();
        float[] b = s.buffer;
        if (b.length < length) {
            s.buffer = null; // the old buffer can go before the new one is allocated
            b = new float[(int) length];
            s.buffer = b;
        }
        return b;
    }

    /** Bytes held by this instance's buffers on all threads now (what a cost model's scratch figure should equal). */
    public long heldBytes() {
        synchronized (mine) {
            long bytes = 0;
            for (Slot s : mine) {
                bytes += (long) s.buffer.length * Float.BYTES;
            }
            return bytes;
        }
    }

    /**
     * Drops every buffer of every instance on every thread. Call only while no kernel runs (between
     * sweep cells); the next {@link #get} allocates again.
     */
    public static void releaseAll() {
        synchronized (SLOTS) {
            for (Slot s : SLOTS) {
                s.buffer = new float[0];
            }
        }
    }

    /** Bytes all instances hold now, on all threads. */
    public static long retainedBytes() {
        long bytes = 0;
        synchronized (SLOTS) {
            for (Slot s : SLOTS) {
                bytes += (long) s.buffer.length * Float.BYTES;
            }
        }
        return bytes;
    }
}
