package org.attentionlab.core.reference;

import java.util.Arrays;

/**
 * ONNX Runtime decoding one sequence token by token (teacher-forced): with the export's own KV cache (the
 * present outputs of one run fed as the pasts of the next) when it has optimum's with-past layout, else by
 * recomputing the whole prefix each step (the report says so). Made by {@link OnnxDecoderReference#startDecode};
 * close it to free the cached tensors. Not thread-safe.
 */
public final class ReferenceDecodeSession implements AutoCloseable {

    private final OnnxDecoderReference reference;
    private OnnxDecoderReference.Run last;
    private int[] tokens = new int[0];

    ReferenceDecodeSession(OnnxDecoderReference reference) {
        this.reference = reference;
    }

    /** True when steps use the export's KV cache, false when each recomputes the prefix. */
    public boolean cached() {
        return reference.hasPast();
    }

    /**
     * Runs the prompt at positions 0..n-1.
     *
     * @return {@code n x vocab} logits
     * @throws IllegalStateException when called twice
     */
    public float[] prefill(int[] ids) {
        if (tokens.length > 0) {
            throw new IllegalStateException("prefill is called once, before any step");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("an empty prompt");
        }
        tokens = ids.clone();
        if (!reference.hasPast()) {
            return reference.logits(ids);
        }
        last = reference.run(ids, 0, null);
        return last.logits;
    }

    /**
     * Appends one token at position {@link #position()}.
     *
     * @return the {@code vocab} logits predicting the next token
     */
    public float[] step(int id) {
        if (tokens.length == 0) {
            throw new IllegalStateException("step before prefill");
        }
        int past = tokens.length;
        tokens = Arrays.copyOf(tokens, past + 1);
        tokens[past] = id;
        if (!reference.hasPast()) {
            float[] all = reference.logits(tokens);
            int vocab = all.length / tokens.length;
            return Arrays.copyOfRange(all, past * vocab, all.length);
        }
        OnnxDecoderReference.Run next = reference.run(new int[] {id}, past, last.presents);
        last.close();
        last = next;
        return next.logits;
    }

    /** Tokens seen so far. */
    public int position() {
        return tokens.length;
    }

    @Override
    public void close() {
        if (last != null) {
            last.close();
            last = null;
        }
    }
}
