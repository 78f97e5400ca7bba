package org.attentionlab.core.decoder.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.attentionlab.core.model.AtomicFile;
import org.attentionlab.core.model.ModelLoadException;

/**
 * A two-layer GPT-2-layout decoder whose weights are derived, not trained, so that its right answers are known:
 * it predicts the token that followed the last earlier occurrence of the current token (an induction head,
 * Elhage et al. 2021; Olsson et al. 2022). Written by {@link Gpt2Export} with the derived values in place of the
 * drawn ones, so ONNX Runtime and the Java decoder read it as any GPT-2 export.
 *
 * <p>The residual stream (width {@link #D_MODEL}) is cut into blocks, each summing to zero at every position, so
 * that LayerNorm (gamma 1, beta 0) subtracts nothing and only rescales the whole vector by sqrt(d) / |x|:
 * <ul>
 *   <li>T, {@link #VOCAB} wide: the token, a centred one-hot {@code e_t - 1/V} (the embedding);</li>
 *   <li>P, 3F wide: the position, per frequency {@code theta_f = 2 pi / 2^f} (f = 1..{@link #FREQUENCIES}) the
 *       three-phase code {@code cos(theta_f i + 2 pi r / 3)}, r = 0, 1, 2 (the learned position table);</li>
 *   <li>T', V wide: the previous token (written by layer 1); O, V wide: the predicted token (written by layer 2);
 *       then zero padding to a multiple of 16.</li>
 * </ul>
 * Layer 1, the previous-token head: the query is P rotated back by one step (per frequency a rotation by
 * -theta_f about (1, 1, 1), a linear map of the three-phase code), the key is P, so the score of key j for query i
 * is {@code sigma1 * sum_f cos(theta_f (i - 1 - j))}: F at j = i - 1 and at most F - 3 at any other j with
 * |i - 1 - j| < 4096 (the smallest gap over that range, at distance 2048). The value copies T into T'. Layer 2,
 * the induction head: query T, key T', so the score is {@code sigma2 * (1 - 1/V)} where the previous token of j
 * is the current token and {@code -sigma2 / V} elsewhere, plus a recency bias {@code RECENCY * j / 4096} (the
 * query reads a constant pair of the position table, the key a ramp) so that of several earlier occurrences the
 * last weighs the most; the value copies T into O. lm_head reads O. The
 * feed-forward blocks are zero. The margins: {@code sigma1 * 3 = }{@link #LOGIT_MARGIN} and
 * {@code sigma2 = }{@link #LOGIT_MARGIN} (less the recency bias, at most {@link #RECENCY}): over 4096 keys the weight left off the right key is at most
 * {@code 4096 e^-28 ~ 3e-9}, so attention is near-hard and the model is exact up to float rounding.
 * Position 0 attends to itself (it has no previous token): a sequence should start with a token that is never
 * asked for (recall's filler).
 *
 * <p>As a built-in model ({@code reference: { model: induction-head }}) it is written on first use with a byte-level
 * tokenizer.json of exactly its 256 ids (id = byte value, no merges: {@link ByteLevelBpe#bytesOnly}) into
 * {@code ~/.cache/attention-lab/induction-head/<version>/} ({@link #ensure}).
 */
public final class InductionHead {

    /** The name a config gives the model. */
    public static final String NAME = "induction-head";
    /** Vocabulary. */
    public static final int VOCAB = 256;
    /** Frequencies of the position code: periods 2, 4, ..., 8192. */
    public static final int FREQUENCIES = 13;
    /** Rows of the position table: the longest sequence. */
    public static final int POSITIONS = 4096;
    /** The attention logit gap between the right key and the best wrong one, in both layers. */
    public static final double LOGIT_MARGIN = 30;
    /** Residual width: T, P, T', O, padded to a multiple of 16. */
    public static final int D_MODEL = pad(3 * VOCAB + 3 * FREQUENCIES + 4);
    /** The recency bias of the induction head: among matching keys, a later one scores up to this much more. */
    public static final double RECENCY = 2;

    static final int T = 0;
    static final int P = VOCAB;
    /** A constant pair (+1, -1): what the induction head's query reads for its recency bias. */
    static final int CONST = P + 3 * FREQUENCIES;
    /** The position as a ramp, (+rho, -rho) with rho = i / (2 POSITIONS): what its key reads. */
    static final int RAMP = CONST + 2;
    static final int PREV = RAMP + 2;
    static final int OUT = PREV + VOCAB;
    /** The smallest gap F - sum_f cos(theta_f m) over 0 < |m| < POSITIONS (and m = -1): 3, at m = 2048. */
    static final double POSITION_GAP = 3;

    /** Bumped whenever the writer's output changes, so that an old cache is not reused. */
    static final String VERSION = "v1";

    private InductionHead() {
    }

    /** {@code ~/.cache/attention-lab/induction-head}. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".cache", "attention-lab", NAME);
    }

    /**
     * The export and its byte-level tokenizer under {@code cacheFolder/VERSION/}, written now (atomically, each to a
     * temporary file moved into place) when either is missing.
     *
     * @throws ModelLoadException when the folder cannot be written
     */
    public static SyntheticGpt2.Written ensure(Path cacheFolder) {
        Path dir = cacheFolder.resolve(VERSION);
        Path onnx = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(onnx) && Files.isRegularFile(tokenizer)) {
            return new SyntheticGpt2.Written(onnx, tokenizer);
        }
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(tokenizer)) {
                AtomicFile.write(tokenizer, ByteLevelBpe.bytesOnly().tokenizerJson().getBytes(StandardCharsets.UTF_8));
            }
            if (!Files.isRegularFile(onnx)) {
                AtomicFile.write(onnx, export());
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot write the induction-head model into " + dir + " (" + e.getMessage() + ")", e);
        }
        return new SyntheticGpt2.Written(onnx, tokenizer);
    }

    private static int pad(int width) {
        return (width + 15) / 16 * 16;
    }

    /** The export's shape: 2 layers, 1 head of D_MODEL, 4096 positions, with past, position_ids input, untied lm_head. */
    public static Gpt2Export.Options options() {
        return new Gpt2Export.Options(2, 1, D_MODEL, VOCAB, POSITIONS, true, true, true, Gpt2Export.Conv1d.GEMM, false, 19, 0.5f);
    }

    /** The export's bytes. */
    public static byte[] export() {
        return Gpt2Export.write(options(), weights()).onnx();
    }

    static double theta(int f) {
        return 2 * Math.PI / Math.pow(2, f + 1);
    }

    /** The derived weights by role (the roles {@link Gpt2Export} writes). */
    static Map<String, float[]> weights() {
        int d = D_MODEL;
        int v = VOCAB;
        Map<String, float[]> w = new HashMap<>();
        float[] wte = new float[v * d];
        for (int t = 0; t < v; t++) {
            for (int c = 0; c < v; c++) {
                wte[t * d + T + c] = (c == t ? 1f : 0f) - 1f / v;
            }
        }
        w.put("embedding.token", wte);
        float[] wpe = new float[POSITIONS * d];
        for (int i = 0; i < POSITIONS; i++) {
            for (int f = 0; f < FREQUENCIES; f++) {
                for (int r = 0; r < 3; r++) {
                    wpe[i * d + P + 3 * f + r] = (float) Math.cos(theta(f) * i + 2 * Math.PI * r / 3);
                }
            }
            wpe[i * d + CONST] = 1;
            wpe[i * d + CONST + 1] = -1;
            wpe[i * d + RAMP] = (float) ramp(i);
            wpe[i * d + RAMP + 1] = (float) -ramp(i);
        }
        w.put("embedding.position", wpe);
        // |x|^2 before layer 1: the token (1 - 1/V) and the position (3/2 per frequency); after it, plus the previous token
        // (the ramp adds 2 rho^2 <= 0.5: taken at its middle, rho = 1/4; LayerNorm's scale varies by under 2% with it)
        double norm0 = (1 - 1.0 / v) + 1.5 * FREQUENCIES + 2 + 2 * 0.0625;
        double norm1 = norm0 + (1 - 1.0 / v);
        double scale0 = d / norm0; // LayerNorm multiplies x by sqrt(d / |x|^2): a product of two read-outs gains d / |x|^2
        double scale1 = d / norm1;
        double sqrtD = Math.sqrt(d); // GPT-2 divides the scores by sqrt(dHead), dHead = d with one head
        // layer 1: previous-token head
        float[] qkv0 = new float[d * 3 * d];
        double sigma1 = LOGIT_MARGIN / POSITION_GAP;
        double q1 = sigma1 * sqrtD / (1.5 * scale0); // q . k = q1 * scale0 * 1.5 * sum_f cos(...)
        for (int f = 0; f < FREQUENCIES; f++) {
            double cos = Math.cos(-theta(f));
            double sin = Math.sin(-theta(f));
            for (int r = 0; r < 3; r++) {
                int out = P + 3 * f + r;
                // code_r(phi + delta) = cos(delta) code_r - sin(delta) (code_{r-1} - code_{r+1}) / sqrt(3)
                add(qkv0, 3 * d, P + 3 * f + r, out, q1 * cos);
                add(qkv0, 3 * d, P + 3 * f + (r + 2) % 3, out, -q1 * sin / Math.sqrt(3));
                add(qkv0, 3 * d, P + 3 * f + (r + 1) % 3, out, q1 * sin / Math.sqrt(3));
                add(qkv0, 3 * d, P + 3 * f + r, d + out, 1);
            }
        }
        double value0 = 1 / Math.sqrt(scale0); // T arrives scaled by sqrt(scale0); T' gets the centred one-hot itself
        for (int c = 0; c < v; c++) {
            add(qkv0, 3 * d, T + c, 2 * d + PREV + c, value0);
        }
        // layer 2: induction head
        float[] qkv1 = new float[d * 3 * d];
        double q2 = LOGIT_MARGIN * sqrtD / scale1;
        double value1 = 1 / Math.sqrt(scale1);
        for (int c = 0; c < v; c++) {
            add(qkv1, 3 * d, T + c, c, q2);
            add(qkv1, 3 * d, PREV + c, d + c, 1);
            add(qkv1, 3 * d, T + c, 2 * d + OUT + c, value1);
        }
        // recency: q reads the constant, k the ramp; score += RECENCY * j / POSITIONS, so among keys whose previous
        // token matches, the last one weighs the most and its successor is the argmax
        add(qkv1, 3 * d, CONST, v, RECENCY * 2 * sqrtD / scale1);
        add(qkv1, 3 * d, RAMP, d + v, 1);
        float[] identity = new float[d * d];
        for (int c = 0; c < d; c++) {
            identity[c * d + c] = 1;
        }
        float[][] qkv = {qkv0, qkv1};
        for (int l = 0; l < 2; l++) {
            String r = "layer." + l + ".";
            w.put(r + "qkv.weight", qkv[l]);
            w.put(r + "qkv.bias", new float[3 * d]);
            w.put(r + "output.weight", identity);
            w.put(r + "output.bias", new float[d]);
            w.put(r + "attention_norm.gamma", ones(d));
            w.put(r + "attention_norm.beta", new float[d]);
            w.put(r + "mlp_norm.gamma", ones(d));
            w.put(r + "mlp_norm.beta", new float[d]);
            w.put(r + "up.weight", new float[d * 4 * d]);
            w.put(r + "up.bias", new float[4 * d]);
            w.put(r + "down.weight", new float[4 * d * d]);
            w.put(r + "down.bias", new float[d]);
        }
        w.put("final_norm.gamma", ones(d));
        w.put("final_norm.beta", new float[d]);
        float[] head = new float[d * v];
        for (int c = 0; c < v; c++) {
            head[(OUT + c) * v + c] = 10; // logits = 10 x the O block as ln_f scales it
        }
        w.put("lm_head.weight", head);
        return w;
    }

    static double ramp(int i) {
        return i / (2.0 * POSITIONS);
    }

    private static void add(float[] m, int cols, int row, int col, double value) {
        m[row * cols + col] += (float) value;
    }

    private static float[] ones(int n) {
        float[] o = new float[n];
        java.util.Arrays.fill(o, 1f);
        return o;
    }
}
