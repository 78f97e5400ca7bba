package org.attentionlab.core.tensor;

import java.util.Arrays;
import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * Per-head scratch an attention instance keeps between forwards. Buffers only grow, so after the first
 * forward at the longest length the hot path allocates nothing. Contents are undefined on entry. Not
 * thread-safe as to {@link #ensure}: call it from the forward's own thread before handing heads to kernel
 * threads; each kernel thread may then use its own heads' buffers.
 */
@ExtensionPoint
public final class HeadScratch {

    /** The longest Java array that every JVM can allocate. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private final String what;
    private float[][] buffers = new float[0][];

    /**
     * An empty scratch; the first {@link #ensure} allocates.
     *
     * @param what names the buffer in the error a too-long request raises, e.g. "n x n score matrix"
     */
    public HeadScratch(String what) {
        this.what = what;
    }

    /**
     * Makes {@link #head} return at least {@code length} floats for every head below {@code heads}.
     *
     * @throws IllegalArgumentException when {@code length} exceeds one Java array
     */
    public void ensure(int heads, long length) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("the " + what + " needs " + length + " floats per head, more than one Java array holds");
        }
        if (buffers.length < heads) {
            buffers = Arrays.copyOf(buffers, heads);
        }
        for (int h = 0; h < heads; h++) {
            if (buffers[h] == null || buffers[h].length < length) {
                buffers[h] = new float[(int) length];
            }
        }
    }

    /**
     * Head {@code h}'s buffer, at least the length last {@link #ensure}d; contents undefined. The same array
     * until a longer length is ensured.
     *
     * @throws ArrayIndexOutOfBoundsException when {@code h} is not below the heads ensured so far
     */
    public float[] head(int h) {
        return buffers[h];
    }
}
