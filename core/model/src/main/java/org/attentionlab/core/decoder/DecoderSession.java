package org.attentionlab.core.decoder;

import org.attentionlab.core.attention.DecodeState;

/**
 * One sequence decoded with a KV cache: {@link #prefill} the prompt once, then {@link #step} one token at a
 * time (teacher-forced: the caller chooses each token). Each layer's cache is its attention's
 * {@link DecodeState}, so the cache policy is the variant's (full keeps every key, a window its band, ...). A
 * step runs every projection on one row: a matrix-vector product over the packed weights, the lm_head the
 * largest of them. Made by {@link CausalDecoder#startDecode}; one thread at a time.
 */
public final class DecoderSession {

    private final CausalDecoder decoder;
    private final DecoderConfig config;
    private final DecodeState[] states;
    private final int maxTokens;
    private int position = -1;

    // one row of every activation, kept between steps
    private final float[] hidden;
    private final float[] normed;
    private final float[] qkv;
    private final float[] context;
    private final float[] proj;
    private final float[] inner;
    private final float[] act;
    private final float[][] q;
    private final float[][] k;
    private final float[][] v;
    private final float[][] out;

    DecoderSession(CausalDecoder decoder, DecodeState[] states, int maxTokens) {
        this.decoder = decoder;
        this.config = decoder.config();
        this.states = states;
        this.maxTokens = maxTokens;
        int d = config.dModel();
        int dh = config.dHead();
        hidden = new float[d];
        normed = new float[d];
        qkv = new float[(config.heads() + 2 * config.kvHeads()) * dh];
        context = new float[config.heads() * dh];
        proj = new float[d];
        inner = new float[decoder.linears(0).up().out()];
        act = decoder.weights().activation() == DecoderWeights.Activation.SWIGLU ? new float[config.intermediate()] : inner;
        q = new float[config.heads()][dh];
        k = new float[config.kvHeads()][dh];
        v = new float[config.kvHeads()][dh];
        out = new float[config.heads()][dh];
    }

    /** See {@link #prefill(int[], DecoderStageObserver)}: no observer. */
    public float[] prefill(int[] ids) {
        return prefill(ids, null);
    }

    /**
     * Runs the prompt (positions 0..n-1) through every layer's decode state.
     *
     * @return the logits at every prompt position, {@code n x vocab} row-major (equal to {@link CausalDecoder#logits})
     * @throws IllegalStateException    when called twice
     * @throws IllegalArgumentException when the prompt is empty, longer than maxTokens, or holds an id outside the vocabulary
     */
    public float[] prefill(int[] ids, DecoderStageObserver stages) {
        if (position >= 0) {
            throw new IllegalStateException("prefill is called once, before any step");
        }
        if (ids.length > maxTokens) {
            throw new IllegalArgumentException("a prompt of " + ids.length + " tokens exceeds the session's " + maxTokens);
        }
        float[] logits = decoder.forward(ids, states, stages);
        position = ids.length;
        return logits;
    }

    /** See {@link #step(int, DecoderStageObserver)}: no observer. */
    public float[] step(int id) {
        return step(id, null);
    }

    /**
     * Appends one token at position {@link #position()} and returns the logits that predict the next one.
     *
     * @return {@code vocab} logits (a new array)
     * @throws IllegalStateException    before {@link #prefill}, or when the session holds maxTokens tokens
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    public float[] step(int id, DecoderStageObserver stages) {
        if (position < 0) {
            throw new IllegalStateException("step before prefill");
        }
        if (position >= maxTokens) {
            throw new IllegalStateException("the session holds its " + maxTokens + " tokens; no room for another step");
        }
        decoder.checkIds(new int[] {id});
        int d = config.dModel();
        if (stages != null) {
            stages.forwardStarted(1);
        }
        decoder.embed(new int[] {id}, position, hidden);
        if (stages != null) {
            stages.stageEnded(DecoderStage.EMBED, -1);
        }
        CausalDecoder.Trig trig = decoder.trig(position, 1);
        for (int l = 0; l < config.layers(); l++) {
            DecoderWeights.Layer w = decoder.weights().layer(l);
            CausalDecoder.LayerLinears lin = decoder.linears(l);
            decoder.norm(w.attentionNorm(), hidden, 1, normed);
            lin.qkv().forward(normed, 1, qkv);
            decoder.splitHeads(qkv, 1, q, k, v);
            if (trig != null) {
                decoder.rotate(q, 1, trig);
                decoder.rotate(k, 1, trig);
            }
            if (stages != null) {
                stages.stageEnded(DecoderStage.QKV, l);
            }
            states[l].step(q, k, v, out);
            if (stages != null) {
                stages.stageEnded(DecoderStage.ATTENTION, l);
            }
            decoder.mergeHeads(out, 1, context);
            lin.output().forward(context, 1, proj);
            DecoderMath.addInPlace(hidden, proj, d);
            if (stages != null) {
                stages.stageEnded(DecoderStage.ATTENTION_OUT, l);
            }
            decoder.norm(w.mlpNorm(), hidden, 1, normed);
            if (stages != null) {
                stages.stageEnded(DecoderStage.MLP_NORM, l);
            }
            decoder.mlp(lin, normed, 1, inner, act, proj);
            DecoderMath.addInPlace(hidden, proj, d);
            if (stages != null) {
                stages.stageEnded(DecoderStage.MLP, l);
            }
        }
        decoder.norm(decoder.weights().finalNorm(), hidden, 1, normed);
        if (stages != null) {
            stages.stageEnded(DecoderStage.FINAL_NORM, -1);
        }
        float[] logits = new float[config.vocab()];
        decoder.lmHead().forward(normed, 1, logits);
        if (stages != null) {
            stages.stageEnded(DecoderStage.LM_HEAD, -1);
        }
        position++;
        return logits;
    }

    /** Tokens seen so far (prompt plus steps); 0 before the prefill. */
    public int position() {
        return Math.max(position, 0);
    }

    /** Bytes of keys and values (or the state replacing them) held now over all layers: each state's {@link DecodeState#cacheBytes}. */
    public long kvCacheBytes() {
        long sum = 0;
        for (DecodeState s : states) {
            sum += s.cacheBytes();
        }
        return sum;
    }

    /** Keys held per key/value head in each layer now. */
    public int[] keysHeld() {
        int[] held = new int[states.length];
        for (int l = 0; l < states.length; l++) {
            held[l] = states[l].keysHeld();
        }
        return held;
    }
}
