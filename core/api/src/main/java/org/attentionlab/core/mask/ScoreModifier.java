package org.attentionlab.core.mask;

/**
 * Changes a logit before the softmax: FlexAttention's {@code score_mod(score, b, h, q_idx, kv_idx)}. The
 * logit is the scaled score {@code q.k / sqrt(dHead)}; a hidden pair is hidden whatever a modifier returns.
 * Implementations are immutable and thread-safe; {@link #toString} is the canonical expression.
 */
public interface ScoreModifier {

    /** The modified logit of query i and key j in head h of {@code heads}. */
    float apply(float logit, int h, int heads, int i, int j);

    /**
     * In place over a tile of logits: {@code s[off + r * ld + c]} is query {@code i0 + r}, key {@code j0 + c}
     * for {@code r < rows}, {@code c < cols}. The default calls {@link #apply(float, int, int, int, int)}
     * per element; the engine calls this once per tile.
     */
    default void applyTile(float[] s, int off, int ld, int rows, int cols, int i0, int j0, int h, int heads) {
        for (int r = 0; r < rows; r++) {
            int at = off + r * ld;
            for (int c = 0; c < cols; c++) {
                s[at + c] = apply(s[at + c], h, heads, i0 + r, j0 + c);
            }
        }
    }

    /** {@code alibi}: {@code logit - m_h * |i - j|}, slopes of Press et al. 2022, distance symmetric for an encoder. */
    static ScoreModifier alibi() {
        return Alibi.INSTANCE;
    }

    /** {@code softcap(c)}: {@code c * tanh(logit / c)} (Gemma 2). */
    static ScoreModifier softcap(double c) {
        return new Softcap((float) c);
    }

    /** {@code temperature(t)}: {@code logit / t}. */
    static ScoreModifier temperature(double t) {
        return new Temperature((float) t);
    }

    /** {@code first} then {@code then}. */
    default ScoreModifier andThen(ScoreModifier then) {
        return new Chain(this, then);
    }

    /** ALiBi's slope of head h among {@code heads}: {@code 2^(-8 (h + 1) / heads)} for a power of two, interleaved otherwise. */
    static double alibiSlope(int h, int heads) {
        int power = Integer.highestOneBit(heads);
        if (h < power) {
            return Math.pow(2, -8.0 * (h + 1) / power);
        }
        // Press et al.'s reference code: the remaining heads take every other slope of 2 * power heads
        return Math.pow(2, -8.0 * (2 * (h - power) + 1) / (2.0 * power));
    }

    /** See {@link #alibi()}. */
    enum Alibi implements ScoreModifier {
        /** The modifier (it has no parameter). */
        INSTANCE;

        @Override
        public float apply(float logit, int h, int heads, int i, int j) {
            return logit - (float) alibiSlope(h, heads) * Math.abs(i - j);
        }

        @Override
        public void applyTile(float[] s, int off, int ld, int rows, int cols, int i0, int j0, int h, int heads) {
            float slope = (float) alibiSlope(h, heads);
            for (int r = 0; r < rows; r++) {
                int at = off + r * ld;
                int i = i0 + r;
                for (int c = 0; c < cols; c++) {
                    s[at + c] -= slope * Math.abs(i - (j0 + c));
                }
            }
        }

        @Override
        public String toString() {
            return "alibi";
        }
    }

    /**
     * See {@link #softcap(double)}.
     *
     * @param cap the cap c: logits are squashed into (-c, c)
     */
    record Softcap(float cap) implements ScoreModifier {
        @Override
        public float apply(float logit, int h, int heads, int i, int j) {
            return (float) (cap * Math.tanh(logit / cap));
        }

        @Override
        public String toString() {
            return "softcap(" + MaskGrammar.number(cap) + ")";
        }
    }

    /**
     * See {@link #temperature(double)}.
     *
     * @param t the temperature: above 1 flattens the softmax, below 1 sharpens it
     */
    record Temperature(float t) implements ScoreModifier {
        @Override
        public float apply(float logit, int h, int heads, int i, int j) {
            return logit / t;
        }

        @Override
        public String toString() {
            return "temperature(" + MaskGrammar.number(t) + ")";
        }
    }

    /**
     * Two modifiers, left then right.
     *
     * @param first applied first
     * @param then  applied to what {@code first} returns
     */
    record Chain(ScoreModifier first, ScoreModifier then) implements ScoreModifier {
        @Override
        public float apply(float logit, int h, int heads, int i, int j) {
            return then.apply(first.apply(logit, h, heads, i, j), h, heads, i, j);
        }

        @Override
        public void applyTile(float[] s, int off, int ld, int rows, int cols, int i0, int j0, int h, int heads) {
            first.applyTile(s, off, ld, rows, cols, i0, j0, h, heads);
            then.applyTile(s, off, ld, rows, cols, i0, j0, h, heads);
        }

        @Override
        public String toString() {
            return first + ", " + then;
        }
    }
}
