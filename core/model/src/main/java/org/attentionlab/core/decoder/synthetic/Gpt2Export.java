package org.attentionlab.core.decoder.synthetic;

import java.util.List;
import java.util.Map;

/**
 * A GPT2LMHeadModel export with seeded weights, laid out as torch.onnx.export writes transformers' eager GPT-2
 * (the modules {@code transformer.wte}, {@code wpe}, {@code h.i.ln_1}, {@code attn.c_attn}, {@code attn.c_proj},
 * {@code ln_2}, {@code mlp.c_fc}, {@code mlp.c_proj}, {@code ln_f}, {@code lm_head}): token + learned position
 * embeddings; per block LayerNorm (fused, or decomposed for older opsets), Conv1D c_attn as
 * {@code addmm} (Reshape to 2-D, Gemm, Reshape back) or as MatMul + Add, split into q, k, v by one Split, heads
 * by Reshape/Transpose, past concatenated on the sequence axis, scores divided by sqrt(dHead), the causal mask
 * added, softmax, weighted sum, c_proj, residual; the feed-forward with gelu_new decomposed into
 * Mul/Pow/Mul/Add/Mul/Tanh/Add/Mul; ln_f and a tied lm_head whose weight is a folded transposed copy of wte
 * (an initializer {@code onnx::MatMul_N}, as constant folding leaves it), or its own matrix when untied.
 */
public final class Gpt2Export extends CausalLmExport {

    /** How Conv1D appears: {@code addmm} on 2-D rows (a Gemm between Reshapes) or a 3-D MatMul + Add. */
    public enum Conv1d { GEMM, MATMUL }

    /**
     * The export's shape and layout choices.
     *
     * @param layers         blocks
     * @param heads          heads
     * @param dModel         residual width (heads divide it)
     * @param vocab          vocabulary
     * @param positions      rows of the learned position table
     * @param past           optimum's with-past inputs and outputs
     * @param positionIds    position_ids is an input (else computed from the past length)
     * @param fusedLayerNorm LayerNormalization nodes (opset 17) or the decomposition
     * @param conv1d         Gemm or MatMul form of Conv1D
     * @param tied           lm_head tied to wte
     * @param seed           the weights' seed
     * @param weightStd      standard deviation of the embeddings (the projections get 1/sqrt(in) times this over 0.5)
     */
    public record Options(int layers, int heads, int dModel, int vocab, int positions, boolean past, boolean positionIds,
                          boolean fusedLayerNorm, Conv1d conv1d, boolean tied, long seed, float weightStd) {

        /** A small model for tests: 2 layers, 4 heads of 8, vocab 96, 128 positions, no past, fused LayerNorm, Gemm, tied. */
        public static Options tiny() {
            return new Options(2, 4, 32, 96, 128, false, true, true, Conv1d.GEMM, true, 7, 0.5f);
        }

        /** With or without the past inputs. */
        public Options withPast(boolean value) {
            return new Options(layers, heads, dModel, vocab, positions, value, positionIds, fusedLayerNorm, conv1d, tied, seed, weightStd);
        }

        /** Other sizes. */
        public Options withSizes(int newLayers, int newHeads, int newDModel, int newVocab, int newPositions) {
            return new Options(newLayers, newHeads, newDModel, newVocab, newPositions, past, positionIds, fusedLayerNorm, conv1d, tied, seed, weightStd);
        }

        /** Other layout choices. */
        public Options withLayout(boolean newPositionIds, boolean newFusedLayerNorm, Conv1d newConv1d, boolean newTied) {
            return new Options(layers, heads, dModel, vocab, positions, past, newPositionIds, newFusedLayerNorm, newConv1d, newTied, seed, weightStd);
        }
    }

    /** The export's bytes and, by role, the weights written. */
    public record Built(byte[] onnx, Map<String, float[]> roles) {
    }

    private final Options o;

    private Gpt2Export(OnnxBuilder b, Options o) {
        super(b, o.past(), o.positionIds(), o.layers(), o.heads(), o.heads(), o.dModel() / o.heads());
        this.o = o;
    }

    /** Writes the export. */
    public static Built write(Options options) {
        return write(options, Map.of());
    }

    /**
     * Writes the export with the weights of the roles in {@code fixed} (as {@link Built#roles} names them, e.g.
     * {@code embedding.token}, {@code layer.0.qkv.weight}) given instead of drawn: a model whose weights are derived.
     */
    public static Built write(Options options, Map<String, float[]> fixed) {
        if (options.dModel() % options.heads() != 0) {
            throw new IllegalArgumentException("dModel " + options.dModel() + " is not a multiple of heads " + options.heads());
        }
        OnnxBuilder b = new OnnxBuilder("main_graph", options.seed()).fix(fixed);
        Gpt2Export e = new Gpt2Export(b, options);
        e.graph();
        return new Built(b.model(options.fusedLayerNorm() ? 17 : 14, "pytorch"), b.roles());
    }

    /**
     * optimum's merged decoder ({@code decoder_model_merged.onnx}): one If on a {@code use_cache_branch} input whose
     * then-branch is the with-past graph and else-branch the no-past graph (which also outputs presents), their
     * weights shared as the outer graph's initializers; the inputs are the with-past ones plus the flag.
     */
    public static Built writeMerged(Options options) {
        OnnxBuilder noPastBuilder = new OnnxBuilder("decoder_model", options.seed());
        Gpt2Export noPast = new Gpt2Export(noPastBuilder, options.withPast(false));
        noPast.presentsWithoutPast();
        noPast.graph();
        OnnxBuilder withPastBuilder = new OnnxBuilder("decoder_with_past_model", options.seed());
        new Gpt2Export(withPastBuilder, options.withPast(true)).graph();
        return new Built(MergedDecoder.merge(noPastBuilder.graph(), withPastBuilder.graph(), options.fusedLayerNorm() ? 17 : 14),
                withPastBuilder.roles());
    }

    private void graph() {
        int d = o.dModel();
        inputsAndOutputs(o.vocab());
        float[] wteValues = b.gaussian(o.vocab() * d, 0f, o.weightStd());
        String wte = b.initializer("transformer.wte.weight", "embedding.token", wteValues, o.vocab(), d);
        String wpe = b.initializer("transformer.wpe.weight", "embedding.position", b.gaussian(o.positions() * d, 0f, o.weightStd() * 0.5f),
                o.positions(), d);
        String tok = b.node("Gather", "/transformer/wte/Gather", List.of(wte, "input_ids"));
        String pos = b.node("Gather", "/transformer/wpe/Gather", List.of(wpe, positionIds("/transformer")));
        String x = b.node("Add", "/transformer/Add", List.of(tok, pos));
        String mask = causalMask();
        for (int l = 0; l < o.layers(); l++) {
            x = block(l, x, mask);
        }
        // A tied head multiplies the normed state by the embeddings themselves, so with gains near 1 a logit's spread
        // would be weightStd * sqrt(d) (8 at the quickstart's 0.5 and 256): a network that sure of every guess scores
        // perplexities of 1e13 on text. Final gains near 2 / (weightStd * sqrt(d)) give logits a spread of about 2,
        // as a trained GPT-2's are; the other weights keep their seeded draws.
        float finalGain = o.tied() ? 2f / (o.weightStd() * (float) Math.sqrt(d)) : 1f;
        String lnf = layerNorm(x, "/transformer/ln_f", "transformer.ln_f", "final_norm", d, 1e-5f, o.fusedLayerNorm(), finalGain);
        String head;
        if (o.tied()) {
            head = b.initializer(b.anonymousName("MatMul"), null, OnnxBuilder.transpose(b.roles().get("embedding.token"), o.vocab(), d), d, o.vocab());
        } else {
            head = b.initializer(b.anonymousName("MatMul"), "lm_head.weight", b.gaussian(d * o.vocab(), 0f, o.weightStd() / (float) Math.sqrt(d) * 4),
                    d, o.vocab());
        }
        b.nodeOutputs("MatMul", "/lm_head/MatMul", List.of(lnf, head), List.of("logits"));
    }

    private String block(int l, String x, String mask) {
        int d = o.dModel();
        String s = "/transformer/h." + l;
        String m = "transformer.h." + l;
        String r = "layer." + l + ".";
        float std = 1f / (float) Math.sqrt(d) * o.weightStd() / 0.5f;
        String ln1 = layerNorm(x, s + "/ln_1", m + ".ln_1", r + "attention_norm", d, 1e-5f, o.fusedLayerNorm());
        String qkv = conv1d(ln1, s + "/attn/c_attn", m + ".attn.c_attn", r + "qkv", d, 3 * d, std * 1.5f);
        String q = s + "/attn/Split_output_0";
        String k = s + "/attn/Split_output_1";
        String v = s + "/attn/Split_output_2";
        b.nodeOutputs("Split", s + "/attn/Split", List.of(qkv, b.constInts(s + "/attn", d, d, d)), List.of(q, k, v),
                OnnxBuilder.intAttr("axis", 2));
        String q4 = splitHeads(q, s + "/attn", o.heads(), "");
        String k4 = withPast(splitHeads(k, s + "/attn", o.heads(), "_1"), l, "key", s + "/attn");
        String v4 = withPast(splitHeads(v, s + "/attn", o.heads(), "_2"), l, "value", s + "/attn");
        String ctx = attend(q4, k4, v4, mask, s + "/attn", true);
        String merged = mergeHeads(ctx, s + "/attn");
        String proj = conv1d(merged, s + "/attn/c_proj", m + ".attn.c_proj", r + "output", d, d, std);
        String h1 = b.node("Add", s + "/Add", List.of(proj, x));
        String ln2 = layerNorm(h1, s + "/ln_2", m + ".ln_2", r + "mlp_norm", d, 1e-5f, o.fusedLayerNorm());
        String up = conv1d(ln2, s + "/mlp/c_fc", m + ".mlp.c_fc", r + "up", d, 4 * d, std);
        String act = geluNew(up, s + "/mlp/act");
        String down = conv1d(act, s + "/mlp/c_proj", m + ".mlp.c_proj", r + "down", 4 * d, d, std / 2);
        return b.node("Add", s + "/Add_1", List.of(h1, down));
    }

    /** transformers' Conv1D: {@code addmm(bias, x.view(-1, in), weight).view(*x.shape[:-1], out)}, or MatMul + Add. */
    private String conv1d(String x, String scope, String module, String role, int in, int out, float std) {
        String w = b.initializer(module + ".weight", role + ".weight", b.gaussian(in * out, 0f, std), in, out);
        String bias = b.initializer(module + ".bias", role + ".bias", b.gaussian(out, 0f, 0.05f), out);
        if (o.conv1d() == Conv1d.MATMUL) {
            String y = b.node("MatMul", scope + "/MatMul", List.of(x, w));
            return b.node("Add", scope + "/Add", List.of(bias, y));
        }
        String flat = b.node("Reshape", scope + "/Reshape", List.of(x, b.constInts(scope, -1, in)));
        String y = b.node("Gemm", scope + "/Gemm", List.of(flat, w, bias), OnnxBuilder.floatAttr("alpha", 1f), OnnxBuilder.floatAttr("beta", 1f));
        String seq = b.node("Unsqueeze", scope + "/Unsqueeze", List.of(seqLen(), b.constInts(scope, 0)));
        String shape = b.node("Concat", scope + "/Concat", List.of(batch(), seq, b.constInts(scope, out)), OnnxBuilder.intAttr("axis", 0));
        return b.node("Reshape", scope + "/Reshape_1", List.of(y, shape));
    }

    /** gelu_new: {@code 0.5 * x * (1.0 + tanh(sqrt(2/pi) * (x + 0.044715 * pow(x, 3.0))))}, op for op. */
    private String geluNew(String x, String scope) {
        String half = b.node("Mul", scope + "/Mul", List.of(b.constFloat(scope, 0.5f), x));
        String cube = b.node("Pow", scope + "/Pow", List.of(x, b.constFloat(scope, 3f)));
        String c = b.node("Mul", scope + "/Mul_1", List.of(b.constFloat(scope, 0.044715f), cube));
        String sum = b.node("Add", scope + "/Add", List.of(x, c));
        String inner = b.node("Mul", scope + "/Mul_2", List.of(b.constFloat(scope, (float) Math.sqrt(2 / Math.PI)), sum));
        String t = b.node("Tanh", scope + "/Tanh", List.of(inner));
        String onePlus = b.node("Add", scope + "/Add_1", List.of(b.constFloat(scope, 1f), t));
        return b.node("Mul", scope + "/Mul_3", List.of(half, onePlus));
    }
}
