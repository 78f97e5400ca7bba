package org.attentionlab.core.decode;

import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;

/**
 * What every decode state checks and counts, once: the prompt's shape against the {@link DecodeShape},
 * prefill first and only once, the position, and the {@code maxTokens} bound. A subclass implements the
 * cache policy in {@link #prefillCausal} and {@link #stepAt}.
 */
public abstract class DecodeStateBase implements DecodeState {

    /** The heads, key/value heads, head width and token bound this state was made for. */
    protected final DecodeShape shape;
    private int position;
    private boolean started;

    /**
     * A state for one sequence.
     *
     * @param shape heads, key/value heads, head width and the most tokens
     */
    protected DecodeStateBase(DecodeShape shape) {
        this.shape = java.util.Objects.requireNonNull(shape, "shape");
    }

    @Override
    public final void prefill(AttentionInput input, float[][] out) {
        if (started) {
            throw new IllegalStateException("prefill must come first and once, at position " + position);
        }
        if (!input.causal() || input.keyMask() != null) {
            throw new IllegalArgumentException("prefill takes a causal input without a key mask");
        }
        if (input.heads() != shape.heads() || input.dHead() != shape.dHead()) {
            throw new IllegalArgumentException("prefill input has " + input.heads() + " heads of " + input.dHead()
                    + " for a decode shape of " + shape.heads() + " heads of " + shape.dHead());
        }
        if (input.n() > shape.maxTokens()) {
            throw new IllegalArgumentException("prefill of " + input.n() + " tokens past maxTokens=" + shape.maxTokens());
        }
        started = true;
        prefillCausal(input, out);
        position = input.n();
    }

    @Override
    public final void step(float[][] q, float[][] k, float[][] v, float[][] out) {
        if (position == shape.maxTokens()) {
            throw new IllegalStateException("decode state is full: maxTokens=" + shape.maxTokens());
        }
        if (q.length != shape.heads() || k.length != shape.kvHeads() || v.length != shape.kvHeads() || out.length != shape.heads()) {
            throw new IllegalArgumentException("step takes " + shape.heads() + " query rows and " + shape.kvHeads()
                    + " key and value rows, got " + q.length + ", " + k.length + ", " + v.length + " (out " + out.length + ")");
        }
        started = true;
        stepAt(position, q, k, v, out);
        position++;
    }

    @Override
    public final int position() {
        return position;
    }

    /**
     * The causal forward over the prompt ({@code input} checked: causal, no key mask, the shape's heads and
     * width, at most {@code maxTokens} tokens), leaving in the cache what the policy keeps after
     * {@code input.n()} tokens.
     */
    protected abstract void prefillCausal(AttentionInput input, float[][] out);

    /**
     * The token at {@code position} (0-based: the tokens before it are in the history): its key and value
     * join the cache and its query attends over it. Shapes are checked.
     */
    protected abstract void stepAt(int position, float[][] q, float[][] k, float[][] v, float[][] out);
}
