package org.attentionlab.core.decoder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.attentionlab.core.decoder.DecoderWeights.Activation;
import org.attentionlab.core.decoder.DecoderWeights.Dense;
import org.attentionlab.core.decoder.DecoderWeights.Norm;
import org.attentionlab.core.decoder.DecoderWeights.NormKind;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.model.OnnxGraph;

/**
 * Reads a causal LM (GPT-2 or Llama family) from its ONNX export by following the data through the graph,
 * never by node or tensor names: exporters differ in both (torch.onnx.export names matrices
 * {@code onnx::MatMul_1234}, the dynamo exporter and hand-written graphs name nodes as they like).
 *
 * <p>The walk starts at the {@code input_ids} input and its Gather of a constant {@code vocab x dModel} table,
 * adds a learned position table when one is added there (GPT-2), and then follows the residual stream: at each
 * residual value the one Add that takes it with a computed operand closes a block; the nodes between the
 * block's norm and that Add are the block. A block with a Softmax is attention, one without is the
 * feed-forward. In an attention block the projections are the MatMul/Gemm nodes with constant weights that
 * read the normed value (three of them, or one fused c_attn cut by a Split); which is the query, key or value
 * is read from where each flows: into the left or right operand of the score product, or into the product
 * with the softmax. Heads come from the Reshape of the query, RoPE from Neg (rotate_half) on the query's path
 * and the Cos of a constant inverse-frequency vector (or a constant cos/sin table) beside it. Norms are fused
 * (LayerNormalization, SimplifiedLayerNormalization, RMSNormalization) or decomposed (ReduceMean, Sub, Pow,
 * Add epsilon, Sqrt, Div or Reciprocal and Mul, the scale Mul and shift Add); the epsilon is the constant
 * added before the Sqrt. The stream ends in a norm and the lm_head, tied when its matrix is the embedding's.
 * An optimum merged decoder (an If on {@code use_cache_branch}) is read through its no-cache branch.
 *
 * <p>What the Java decoder would not reproduce is refused in one line naming the node: an op no layout of
 * the family has (the first one met), an attention scale other than 1/sqrt(dHead), RoPE that does not rotate
 * half-split pairs.
 */
public final class DecoderGraphReader {

    /** Nodes that read a value only for its shape: they never carry data. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");
    /** Where a norm ends: the next block's projections (maybe behind a 2-D Reshape). */
    private static final Set<String> NORM_STOPS = Set.of("MatMul", "Gemm", "Reshape", "Flatten");
    private static final Set<String> NORM_OPS = Set.of("ReduceMean", "Sub", "Pow", "Mul", "Add", "Sqrt", "Div", "Reciprocal",
            "Cast", "Identity", "LayerNormalization", "SimplifiedLayerNormalization", "RMSNormalization");
    private static final Set<String> PASS_OPS = Set.of("Reshape", "Identity", "Cast", "Flatten", "Dropout");
    private static final Set<String> SHAPE_ARITHMETIC = Set.of("Shape", "Size", "Gather", "Concat", "Slice", "Unsqueeze",
            "Squeeze", "Constant", "ConstantOfShape", "Range", "Equal", "Where", "Expand");
    private static final Set<String> MLP_OPS = Set.of("MatMul", "Gemm", "Add", "Mul", "Div", "Pow", "Tanh", "Erf", "Sigmoid",
            "Gelu", "Reshape", "Cast", "Identity", "Flatten", "Sub", "Dropout");

    private final OnnxGraph g;
    private final String source;
    private final boolean hasPast;
    private final Map<String, String> sources = new LinkedHashMap<>();

    private DecoderGraphReader(OnnxGraph graph, boolean hasPast) {
        this.g = graph;
        this.source = graph.source();
        this.hasPast = hasPast;
    }

    /**
     * Parses an ONNX export and reads its weights.
     *
     * @throws ModelLoadException when the bytes are not ONNX or the graph is not a causal LM of the GPT-2 or
     *                            Llama family (one line naming the first unexpected op and its node)
     */
    public static DecoderWeights read(byte[] onnxBytes, String sourceName) {
        return read(parse(onnxBytes, sourceName), sourceName);
    }

    static ModelProto parse(byte[] onnxBytes, String sourceName) {
        ModelProto model = ModelArchitecture.parseOrThrow(onnxBytes, sourceName);
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelLoadException("not an ONNX model: " + sourceName + " (no graph)");
        }
        return model;
    }

    static DecoderWeights read(ModelProto model, String sourceName) {
        OnnxGraph top = new OnnxGraph(model.getGraph(), sourceName);
        boolean past = false;
        for (String in : top.inputs()) {
            past |= in.startsWith("past_key_values") || in.startsWith("past_key") || in.startsWith("past.");
        }
        OnnxGraph graph = top;
        NodeProto branch = mergedDecoderIf(top);
        if (branch != null) {
            AttributeProto noCache = OnnxGraph.attribute(branch, "else_branch");
            if (noCache == null || !noCache.hasG()) {
                throw new ModelLoadException(prefix(sourceName) + "the If node '" + branch.getName() + "' has no else_branch graph");
            }
            GraphProto sub = noCache.getG();
            graph = new OnnxGraph(sub, sourceName, top);
        }
        return new DecoderGraphReader(graph, past).read(top);
    }

    /** optimum's merged decoder: the graph is one If node on the {@code use_cache_branch} input. */
    private static NodeProto mergedDecoderIf(OnnxGraph top) {
        for (NodeProto node : top.nodes()) {
            if (node.getOpType().equals("If") && node.getInputCount() == 1 && top.inputs().contains(node.getInput(0))) {
                return node;
            }
        }
        return null;
    }

    private static String prefix(String source) {
        return "not a GPT-2 or Llama-family causal LM: " + source + ": ";
    }

    // ------------------------------------------------------------------ the walk

    private DecoderWeights read(OnnxGraph top) {
        String ids = top.inputs().contains("input_ids") ? "input_ids" : null;
        if (ids == null) {
            throw fail("no input_ids input (inputs: " + top.inputs() + ")");
        }
        NodeProto tokenGather = null;
        for (NodeProto c : g.consumersThrough(ids, Set.of("Cast", "Identity"))) {
            if (c.getOpType().equals("Gather") && g.isConstant(c.getInput(0)) && g.dims(c.getInput(0)).size() == 2) {
                tokenGather = c;
            }
        }
        if (tokenGather == null) {
            throw fail("input_ids is not read by a Gather of a constant vocab x dModel table");
        }
        String wte = tokenGather.getInput(0);
        int vocab = Math.toIntExact(g.dims(wte).get(0));
        int d = Math.toIntExact(g.dims(wte).get(1));
        float[] tokenTable = g.floats(wte);
        put("embedding.token", wte);
        String residual = tokenGather.getOutput(0);

        float[] positionTable = null;
        int positionRows = 0;
        for (NodeProto c : dataConsumers(residual)) {
            if (!c.getOpType().equals("Add")) {
                continue;
            }
            NodeProto p = producerThrough(other(c, residual), Set.of("Cast", "Identity"));
            if (p != null && p.getOpType().equals("Gather") && g.isConstant(p.getInput(0)) && g.dims(p.getInput(0)).size() == 2
                    && g.dims(p.getInput(0)).get(1) == d) {
                positionTable = g.floats(p.getInput(0));
                positionRows = Math.toIntExact(g.dims(p.getInput(0)).get(0));
                put("embedding.position", p.getInput(0));
                residual = c.getOutput(0);
                break;
            }
        }
        for (NodeProto c : dataConsumers(residual)) {
            if (c.getOpType().equals("Mul") || c.getOpType().equals("Div")) {
                // Gemma-style embedding scaling, or anything else done to the embedding before the blocks
                if (c.getInputList().stream().anyMatch(g::isConstant)) {
                    throw unexpected(c, "on the token embedding before the first block");
                }
            }
        }

        List<DecoderWeights.Layer> layers = new ArrayList<>();
        Shape shape = null;
        RopeRead rope = null;
        Activation activation = null;
        while (true) {
            int l = layers.size();
            residual = throughIdentities(residual);
            NodeProto attnAdd = residualAdd(residual);
            if (attnAdd == null) {
                break;
            }
            NormRead n1 = norm(residual, attnAdd, "in layer " + l + "'s norm before attention", "layer." + l + ".attention_norm", d);
            AttentionRead attention = attention(l, n1.output(), other(attnAdd, residual), d);
            if (shape != null && !shape.equals(attention.shape())) {
                throw fail("layer " + l + " has " + attention.shape() + ", layer 0 " + shape);
            }
            shape = attention.shape();
            if (l == 0) {
                rope = attention.rope();
            } else if ((rope == null) != (attention.rope() == null)) {
                throw fail("layer " + l + (rope == null ? " has" : " lacks") + " the rotary positions layer 0 " + (rope == null ? "lacks" : "has"));
            } else if (rope != null && (rope.rope().fromTables() || attention.rope().rope().fromTables())
                    && !sameTables(rope.rope(), attention.rope().rope())) {
                // transformers < 4.38 gives every layer its own copy of the tables: one rotation serves them all only if equal
                throw fail("layer " + l + "'s rotary cos/sin tables differ from layer 0's");
            }
            String mid = throughIdentities(attnAdd.getOutput(0));
            NodeProto mlpAdd = residualAdd(mid);
            if (mlpAdd == null) {
                throw fail("layer " + l + "'s attention output " + mid + " is not followed by a feed-forward block with a residual Add");
            }
            NormRead n2 = norm(mid, mlpAdd, "in layer " + l + "'s norm before the feed-forward", "layer." + l + ".mlp_norm", d);
            MlpRead mlp = mlp(l, n2.output(), other(mlpAdd, mid), d);
            if (activation != null && activation != mlp.activation()) {
                throw fail("layer " + l + " uses " + mlp.activation() + ", layer 0 " + activation);
            }
            activation = mlp.activation();
            layers.add(new DecoderWeights.Layer(n1.norm(), attention.q(), attention.k(), attention.v(), attention.o(), n2.norm(),
                    mlp.gate(), mlp.up(), mlp.down()));
            residual = mlpAdd.getOutput(0);
        }
        if (layers.isEmpty()) {
            // Name the op the walk met, not only the tensor: that op is what a user looks for in their export.
            for (NodeProto first : g.consumers(throughIdentities(residual))) {
                throw unexpected(first, "after the embeddings (" + residual + "): no transformer block with a residual Add starts there");
            }
            throw fail("no transformer block after the embeddings: nothing reads " + residual);
        }
        NormRead finalNorm = norm(residual, null, "in the final norm", "final_norm", d);
        LinearRead head = null;
        for (LinearRead lin : linearsReading(finalNorm.output(), null)) {
            if (head != null) {
                throw fail("2 projections read the final norm: " + head.node().getName() + " and " + lin.node().getName());
            }
            head = lin;
        }
        if (head == null) {
            throw fail("nothing projects the final norm onto the vocabulary (a base model without its language-model head?)");
        }
        if (head.dense().out() != vocab) {
            throw fail("the lm_head " + head.node().getName() + " has " + head.dense().out() + " outputs, the token embedding " + vocab + " rows");
        }
        boolean tied = head.weightName().equals(wte) || transposeEquals(head.dense().weight(), tokenTable, vocab, d);
        Dense lmHead = tied ? null : head.dense();
        if (tied) {
            sources.put("lm_head.weight", wte + " (tied)");
        } else {
            put("lm_head.weight", head.weightName());
        }
        if (head.biasName() != null) {
            throw unexpected(head.node(), "adds a bias to the logits; the lm_head has none in either family");
        }
        if ((positionTable == null) == (rope == null)) {
            throw fail(positionTable == null ? "no position information: neither a learned table added to the token embedding nor RoPE"
                    : "both a learned position table and RoPE");
        }
        ModelArchitecture arch = rope != null ? ModelArchitecture.LLAMA : ModelArchitecture.GPT2;
        int intermediate = layers.get(0).up().out();
        DecoderConfig config;
        try {
            config = new DecoderConfig(arch, layers.size(), shape.heads(), shape.kvHeads(), d, shape.dHead(), intermediate, vocab,
                    rope != null && rope.rope().fromTables() ? rope.rope().tableRows() : positionRows, rope == null ? 0 : rope.theta(), layers.get(0).attentionNorm().eps(), tied, hasPast);
            return new DecoderWeights(config, activation, tokenTable, positionTable, rope == null ? null : rope.rope(), layers,
                    finalNorm.norm(), lmHead, sources);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private static boolean transposeEquals(float[] weight, float[] table, int vocab, int d) {
        // weight is d x vocab, table vocab x d
        for (int v = 0; v < vocab; v++) {
            for (int c = 0; c < d; c++) {
                if (Float.floatToRawIntBits(weight[c * vocab + v]) != Float.floatToRawIntBits(table[v * d + c])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The residual stream past an eval-mode dropout: an exporter may leave it as an Identity (or a Dropout op)
     * that is the value's only reader.
     */
    private String throughIdentities(String value) {
        String v = value;
        for (int hops = 0; hops < 4; hops++) {
            List<NodeProto> readers = dataConsumers(v);
            if (readers.size() != 1 || !(readers.get(0).getOpType().equals("Identity") || readers.get(0).getOpType().equals("Dropout"))) {
                break;
            }
            v = readers.get(0).getOutput(0);
        }
        return v;
    }

    /** The one Add that takes {@code residual} and a computed value: the end of the block that starts here. */
    private NodeProto residualAdd(String residual) {
        NodeProto found = null;
        for (NodeProto c : dataConsumers(residual)) {
            if (!c.getOpType().equals("Add") || c.getInputCount() != 2) {
                continue;
            }
            String o = other(c, residual);
            if (o.equals(residual) || g.isConstant(o)) {
                continue;
            }
            if (found != null) {
                throw fail("2 residual Adds read " + residual + ": " + found.getName() + " and " + c.getName());
            }
            found = c;
        }
        return found;
    }

    // ------------------------------------------------------------------ norms

    private record NormRead(Norm norm, String output) {
    }

    private NormRead norm(String x, NodeProto residualAdd, String where, String role, int d) {
        Set<NodeProto> region = OnnxGraph.newNodeSet();
        Set<String> outputs = new java.util.LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(x));
        Set<String> seen = new HashSet<>();
        List<NodeProto> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            String v = pending.pop();
            if (!seen.add(v)) {
                continue;
            }
            for (NodeProto c : g.consumers(v)) {
                if (c == residualAdd || SHAPE_OPS.contains(c.getOpType())) {
                    continue;
                }
                if (NORM_STOPS.contains(c.getOpType())) {
                    outputs.add(v);
                    continue;
                }
                if (!NORM_OPS.contains(c.getOpType())) {
                    throw unexpected(c, where);
                }
                if (region.add(c)) {
                    ordered.add(c);
                    pending.addAll(c.getOutputList());
                }
            }
        }
        if (outputs.isEmpty() || outputs.contains(x)) {
            throw fail("no norm " + where.substring(3) + ": " + x + " goes straight into a projection");
        }
        if (outputs.size() > 1) {
            throw fail("the norm " + where.substring(3) + " has " + outputs.size() + " outputs read by projections: " + outputs);
        }
        String output = outputs.iterator().next();
        for (NodeProto node : ordered) {
            switch (node.getOpType()) {
                case "LayerNormalization" -> {
                    return new NormRead(fusedNorm(node, NormKind.LAYER_NORM, role, d), output);
                }
                case "SimplifiedLayerNormalization", "RMSNormalization" -> {
                    return new NormRead(fusedNorm(node, NormKind.RMS_NORM, role, d), output);
                }
                default -> {
                }
            }
        }
        int means = 0;
        boolean centred = false;
        NodeProto sqrt = null;
        for (NodeProto node : ordered) {
            switch (node.getOpType()) {
                case "ReduceMean" -> means++;
                case "Sub" -> centred = true;
                case "Sqrt" -> {
                    if (sqrt != null) {
                        throw unexpected(node, where + " (a second Sqrt)");
                    }
                    sqrt = node;
                }
                default -> {
                }
            }
        }
        if (sqrt == null) {
            throw fail("the norm " + where.substring(3) + " has no Sqrt (nodes " + names(ordered) + ")");
        }
        NormKind kind = centred && means == 2 ? NormKind.LAYER_NORM : !centred && means == 1 ? NormKind.RMS_NORM : null;
        if (kind == null) {
            throw fail("the norm " + where.substring(3) + " is neither LayerNorm (2 ReduceMean and a Sub) nor RMSNorm (1 ReduceMean): "
                    + means + " ReduceMean" + (centred ? " and a Sub" : ""));
        }
        float eps = g.addedScalar(sqrt.getInput(0));
        if (Float.isNaN(eps)) {
            throw fail("no constant epsilon added before " + sqrt.getName());
        }
        String gamma = vectorOperand(ordered, "Mul", d, where, "scale");
        String beta = vectorOperand(ordered, "Add", d, where, "shift");
        if (gamma == null) {
            throw fail("the norm " + where.substring(3) + " has no scale (a Mul of a " + d + "-value constant)");
        }
        if (kind == NormKind.RMS_NORM && beta != null) {
            throw fail("the RMSNorm " + where.substring(3) + " adds a shift " + beta);
        }
        put(role + ".gamma", gamma);
        if (beta != null) {
            put(role + ".beta", beta);
        }
        return new NormRead(new Norm(kind, g.floats(gamma), beta == null ? null : g.floats(beta), eps), output);
    }

    private Norm fusedNorm(NodeProto node, NormKind kind, String role, int d) {
        if (node.getInputCount() < 2 || !g.isConstant(node.getInput(1)) || g.size(node.getInput(1)) != d) {
            throw fail(node.getName() + " lacks a constant " + d + "-value scale");
        }
        AttributeProto axis = OnnxGraph.attribute(node, "axis");
        if (axis != null && axis.getI() != -1 && axis.getI() != 2) {
            throw unexpected(node, "normalises over axis " + axis.getI() + ", not the last one");
        }
        AttributeProto epsilon = OnnxGraph.attribute(node, "epsilon");
        float eps = epsilon == null ? 1e-5f : epsilon.getF();
        String gamma = node.getInput(1);
        String beta = kind == NormKind.LAYER_NORM && node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? node.getInput(2) : null;
        put(role + ".gamma", gamma);
        if (beta != null) {
            put(role + ".beta", beta);
        }
        return new Norm(kind, g.floats(gamma), beta == null ? null : g.floats(beta), eps);
    }

    /** The one constant operand of {@code d} values among the {@code op} nodes of a decomposed norm; null when none. */
    private String vectorOperand(List<NodeProto> nodes, String op, int d, String where, String what) {
        List<String> found = g.constantOperands(nodes, op, d);
        if (found.size() > 1) {
            throw fail("2 candidate " + what + "s " + where.substring(3) + ": " + found.get(0) + " and " + found.get(1));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    // ------------------------------------------------------------------ projections

    private record LinearRead(NodeProto node, Dense dense, String input, String output, String weightName, String biasName) {
    }

    /** A MatMul or Gemm with a constant weight (maybe behind a Transpose), its bias, where it reads and writes; null otherwise. */
    private LinearRead linear(NodeProto node) {
        String op = node.getOpType();
        if (!op.equals("MatMul") && !op.equals("Gemm")) {
            return null;
        }
        String w = node.getInput(1);
        boolean transposed = false;
        if (!g.isConstant(w)) {
            NodeProto t = g.producer(w);
            if (t == null || !t.getOpType().equals("Transpose") || !g.isConstant(t.getInput(0))) {
                return null;
            }
            AttributeProto perm = OnnxGraph.attribute(t, "perm");
            if (perm != null && !(perm.getIntsCount() == 2 && perm.getInts(0) == 1 && perm.getInts(1) == 0)) {
                return null;
            }
            w = t.getInput(0);
            transposed = true;
        }
        if (g.dims(w).size() != 2 || g.isConstant(node.getInput(0))) {
            return null;
        }
        if (op.equals("Gemm")) {
            AttributeProto transA = OnnxGraph.attribute(node, "transA");
            AttributeProto transB = OnnxGraph.attribute(node, "transB");
            AttributeProto alpha = OnnxGraph.attribute(node, "alpha");
            AttributeProto beta = OnnxGraph.attribute(node, "beta");
            if ((transA != null && transA.getI() != 0) || (alpha != null && alpha.getF() != 1f) || (beta != null && beta.getF() != 1f)) {
                throw unexpected(node, "(a Gemm with transA, alpha or beta other than 0, 1, 1)");
            }
            transposed ^= transB != null && transB.getI() != 0;
        }
        int rows = Math.toIntExact(g.dims(w).get(0));
        int cols = Math.toIntExact(g.dims(w).get(1));
        int in = transposed ? cols : rows;
        int out = transposed ? rows : cols;
        float[] weight = g.floats(w);
        if (transposed) {
            float[] t = new float[weight.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = weight[r * cols + c];
                }
            }
            weight = t;
        }
        String bias = null;
        String output = node.getOutput(0);
        if (op.equals("Gemm") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            bias = node.getInput(2);
            if (!g.isConstant(bias) || g.size(bias) != out) {
                throw unexpected(node, "(a Gemm whose C is not a constant " + out + "-value bias)");
            }
        } else {
            for (NodeProto c : g.consumers(output)) {
                if (c.getOpType().equals("Add") && c.getInputCount() == 2) {
                    String o = other(c, output);
                    if (g.isConstant(o) && g.size(o) == out && out > 1) {
                        bias = o;
                        output = c.getOutput(0);
                        break;
                    }
                }
            }
        }
        return new LinearRead(node, new Dense(weight, bias == null ? null : g.floats(bias), in, out), node.getInput(0), output, w, bias);
    }

    /** The projections that read {@code value}, directly or through a 2-D Reshape; those in {@code within} only, when given. */
    private List<LinearRead> linearsReading(String value, Set<NodeProto> within) {
        List<LinearRead> found = new ArrayList<>();
        for (NodeProto c : g.consumersThrough(value, Set.of("Reshape", "Flatten", "Identity", "Cast"))) {
            if (within != null && !within.contains(c)) {
                continue;
            }
            LinearRead lin = linear(c);
            if (lin != null) {
                found.add(lin);
            }
        }
        return found;
    }

    /** The projection whose output reaches {@code value} through reshapes only. */
    private LinearRead linearWriting(String value, Set<NodeProto> within, String where) {
        String v = value;
        for (int hops = 0; hops < 6; hops++) {
            NodeProto p = g.producer(v);
            if (p == null) {
                break;
            }
            if (p.getOpType().equals("Add")) {
                NodeProto m = null;
                for (String in : p.getInputList()) {
                    NodeProto q = g.producer(in);
                    if (q != null && (q.getOpType().equals("MatMul") || q.getOpType().equals("Gemm"))) {
                        m = q;
                    }
                }
                if (m != null && within.contains(m)) {
                    LinearRead lin = linear(m);
                    if (lin != null && lin.output().equals(v)) {
                        return lin;
                    }
                }
                throw unexpected(p, where);
            }
            if (p.getOpType().equals("MatMul") || p.getOpType().equals("Gemm")) {
                LinearRead lin = within.contains(p) ? linear(p) : null;
                if (lin == null) {
                    throw unexpected(p, where + " (no constant weight)");
                }
                return lin;
            }
            if (!PASS_OPS.contains(p.getOpType())) {
                throw unexpected(p, where);
            }
            v = p.getInput(0);
        }
        throw fail("no projection writes " + value + " " + where.substring(3));
    }

    // ------------------------------------------------------------------ attention

    private record Shape(int heads, int kvHeads, int dHead) {
        @Override
        public String toString() {
            return heads + " heads, " + kvHeads + " key/value heads of " + dHead;
        }
    }

    private record RopeRead(DecoderWeights.Rope rope, double theta) {
    }

    private record AttentionRead(Dense q, Dense k, Dense v, Dense o, Shape shape, RopeRead rope) {
    }

    private AttentionRead attention(int l, String normed, String blockOut, int d) {
        String where = "in layer " + l + "'s attention";
        Set<NodeProto> block = between(normed, blockOut);
        List<NodeProto> softmaxes = ofType(block, "Softmax");
        if (softmaxes.size() != 1) {
            throw fail("layer " + l + "'s first block has " + softmaxes.size() + " Softmax nodes, expected the attention's one");
        }
        NodeProto softmax = softmaxes.get(0);
        AttributeProto axis = OnnxGraph.attribute(softmax, "axis");
        if (axis != null && axis.getI() != -1 && axis.getI() != 3) {
            throw unexpected(softmax, where + " (softmax over axis " + axis.getI() + ", not the keys)");
        }
        Set<NodeProto> beforeSoftmax = g.ancestors(softmax.getInput(0), block);
        Set<NodeProto> afterSoftmax = g.descendants(softmax.getOutput(0), block);
        NodeProto score = null;
        NodeProto mix = null;
        for (NodeProto node : g.nodes()) {
            if (!block.contains(node) || !node.getOpType().equals("MatMul") || linear(node) != null) {
                continue;
            }
            if (beforeSoftmax.contains(node)) {
                score = node; // the last one before the softmax
            } else if (afterSoftmax.contains(node) && mix == null) {
                mix = node;
            }
        }
        if (score == null || mix == null) {
            throw fail("layer " + l + "'s attention lacks the " + (score == null ? "score product Q K^T" : "product of the softmax with V"));
        }
        String mixedValue = afterSoftmax.contains(g.producer(mix.getInput(0))) || mix.getInput(0).equals(softmax.getOutput(0))
                ? mix.getInput(1) : mix.getInput(0);
        // by values only: transformers < 4.38 slices its rotary tables to key_states.shape[-2], a Shape of the key
        // that flows into the query's rotation without carrying the key's values
        Set<NodeProto> qPath = g.valueAncestors(score.getInput(0), block);
        Set<NodeProto> kPath = g.valueAncestors(score.getInput(1), block);
        Set<NodeProto> vPath = g.valueAncestors(mixedValue, block);

        // the input projections: three, or one fused c_attn cut in three
        List<LinearRead> inputs = linearsReading(normed, block);
        Dense q;
        Dense k;
        Dense v;
        String qValue;
        String role = "layer." + l + ".";
        if (inputs.size() == 3) {
            LinearRead[] byRole = new LinearRead[3];
            for (LinearRead lin : inputs) {
                int r = roleOf(lin.output(), qPath, kPath, vPath, lin.node(), where);
                if (byRole[r] != null) {
                    throw fail("2 projections of layer " + l + " feed the attention's " + ROLE_NAMES[r]);
                }
                byRole[r] = lin;
            }
            for (int r = 0; r < 3; r++) {
                put(role + ROLE_NAMES[r] + ".weight", byRole[r].weightName());
                if (byRole[r].biasName() != null) {
                    put(role + ROLE_NAMES[r] + ".bias", byRole[r].biasName());
                }
            }
            q = byRole[0].dense();
            k = byRole[1].dense();
            v = byRole[2].dense();
            qValue = byRole[0].output();
        } else if (inputs.size() == 1) {
            LinearRead fused = inputs.get(0);
            List<String> parts = new ArrayList<>();
            int[] widths = splitWidths(fused, parts, where);
            Dense[] byRole = new Dense[3];
            String[] values = new String[3];
            int col = 0;
            for (int i = 0; i < 3; i++) {
                int r = roleOf(parts.get(i), qPath, kPath, vPath, g.producer(parts.get(i)), where);
                if (byRole[r] != null) {
                    throw fail("2 parts of " + fused.node().getName() + " feed the attention's " + ROLE_NAMES[r]);
                }
                byRole[r] = columns(fused.dense(), col, widths[i]);
                values[r] = parts.get(i);
                col += widths[i];
            }
            put(role + "qkv.weight", fused.weightName());
            if (fused.biasName() != null) {
                put(role + "qkv.bias", fused.biasName());
            }
            q = byRole[0];
            k = byRole[1];
            v = byRole[2];
            qValue = values[0];
        } else {
            throw fail("layer " + l + "'s attention has " + inputs.size() + " projections of its input, expected q, k, v or one fused c_attn");
        }
        LinearRead out = linearWriting(blockOut, block, "between layer " + l + "'s attention and its residual Add");
        put(role + "output.weight", out.weightName());
        if (out.biasName() != null) {
            put(role + "output.bias", out.biasName());
        }

        Shape shape = shape(qValue, qPath, q.out(), k.out(), v.out(), l);
        // what the block computes from its input's values (a rotary table sliced by a Shape of the key is not)
        Set<NodeProto> fromValues = g.valueDescendants(normed, block);
        RopeRead rope = ofType(qPath, "Neg").isEmpty() ? null : rope(qPath, fromValues, shape.dHead(), l, true);
        if (rope == null && !ofType(kPath, "Neg").isEmpty()) {
            throw fail("layer " + l + " rotates the keys but not the queries");
        }
        if (rope != null && rope.rope().fromTables()) {
            // tables are read from the query's path; the keys must be rotated by the same rows
            RopeRead keys = ofType(kPath, "Neg").isEmpty() ? null : rope(kPath, fromValues, shape.dHead(), l, false);
            if (keys == null || !sameTables(rope.rope(), keys.rope())) {
                throw fail("layer " + l + "'s keys are not rotated by the cos/sin tables that rotate its queries");
            }
        }
        checkScale(qPath, kPath, g.ancestors(softmax.getInput(0), g.descendants(score.getOutput(0), block)), shape.dHead(), l);
        return new AttentionRead(q, k, v, out.dense(), shape, rope);
    }

    private static final String[] ROLE_NAMES = {"query", "key", "value"};

    /** 0, 1, 2 for a value flowing into the query, key or value side of the attention. */
    private int roleOf(String value, Set<NodeProto> qPath, Set<NodeProto> kPath, Set<NodeProto> vPath, NodeProto node, String where) {
        boolean[] hits = new boolean[3];
        for (NodeProto c : g.consumers(value)) {
            hits[0] |= qPath.contains(c);
            hits[1] |= kPath.contains(c);
            hits[2] |= vPath.contains(c);
        }
        int count = (hits[0] ? 1 : 0) + (hits[1] ? 1 : 0) + (hits[2] ? 1 : 0);
        if (count != 1) {
            throw fail("cannot tell whether " + value + " (from " + (node == null ? "?" : node.getName()) + ") is the query, key or value "
                    + where.substring(3) + ": it flows into " + count + " of them");
        }
        return hits[0] ? 0 : hits[1] ? 1 : 2;
    }

    /** The widths of the Split (or Slices) that cut a fused projection in three, and the three values in order. */
    private int[] splitWidths(LinearRead fused, List<String> parts, String where) {
        String v = fused.output();
        NodeProto split = null;
        List<NodeProto> slices = new ArrayList<>();
        for (int hops = 0; hops < 4 && split == null && slices.isEmpty(); hops++) {
            NodeProto next = null;
            for (NodeProto c : g.consumers(v)) {
                switch (c.getOpType()) {
                    case "Split" -> split = c;
                    case "Slice" -> slices.add(c);
                    case "Reshape", "Identity", "Cast" -> next = c;
                    default -> {
                    }
                }
            }
            if (split == null && slices.isEmpty()) {
                if (next == null) {
                    break;
                }
                v = next.getOutput(0);
            }
        }
        int total = fused.dense().out();
        if (split != null) {
            if (split.getOutputCount() != 3) {
                throw unexpected(split, where + " (a Split of c_attn into " + split.getOutputCount() + ", not 3)");
            }
            long[] sizes = null;
            if (split.getInputCount() > 1 && !split.getInput(1).isEmpty() && g.isConstant(split.getInput(1))) {
                sizes = g.longs(split.getInput(1));
            } else {
                AttributeProto attr = OnnxGraph.attribute(split, "split");
                if (attr != null) {
                    sizes = attr.getIntsList().stream().mapToLong(Long::longValue).toArray();
                }
            }
            int[] widths = new int[3];
            for (int i = 0; i < 3; i++) {
                widths[i] = sizes == null ? total / 3 : Math.toIntExact(sizes[i]);
                parts.add(split.getOutput(i));
            }
            if (widths[0] + widths[1] + widths[2] != total) {
                throw unexpected(split, where + " (split sizes " + Arrays.toString(widths) + " do not add up to " + total + ")");
            }
            return widths;
        }
        if (slices.size() == 3) {
            long[][] ranges = new long[3][];
            for (int i = 0; i < 3; i++) {
                NodeProto s = slices.get(i);
                if (s.getInputCount() < 3 || !g.isConstant(s.getInput(1)) || !g.isConstant(s.getInput(2))) {
                    throw unexpected(s, where + " (a Slice of c_attn with computed bounds)");
                }
                ranges[i] = new long[] {g.longs(s.getInput(1))[0], Math.min(g.longs(s.getInput(2))[0], total), i};
            }
            Arrays.sort(ranges, (a, b) -> Long.compare(a[0], b[0]));
            int[] widths = new int[3];
            long at = 0;
            for (int i = 0; i < 3; i++) {
                if (ranges[i][0] != at) {
                    throw unexpected(slices.get((int) ranges[i][2]), where + " (Slices of c_attn that do not tile it)");
                }
                widths[i] = Math.toIntExact(ranges[i][1] - ranges[i][0]);
                at = ranges[i][1];
                parts.add(slices.get((int) ranges[i][2]).getOutput(0));
            }
            return widths;
        }
        throw fail("the fused projection " + fused.node().getName() + " is not cut in three by a Split " + where.substring(3));
    }

    private static Dense columns(Dense fused, int from, int width) {
        float[] w = new float[fused.in() * width];
        for (int r = 0; r < fused.in(); r++) {
            System.arraycopy(fused.weight(), r * fused.out() + from, w, r * width, width);
        }
        float[] b = fused.bias() == null ? null : Arrays.copyOfRange(fused.bias(), from, from + width);
        return new Dense(w, b, fused.in(), width);
    }

    /** Heads from the Reshape that splits the query into (batch, n, heads, dHead). */
    private Shape shape(String qValue, Set<NodeProto> qPath, int qOut, int kOut, int vOut, int l) {
        NodeProto reshape = null;
        Deque<String> pending = new ArrayDeque<>(List.of(qValue));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty() && reshape == null) {
            String v = pending.pop();
            if (!seen.add(v)) {
                continue;
            }
            for (NodeProto c : g.consumers(v)) {
                if (!qPath.contains(c)) {
                    continue;
                }
                if (c.getOpType().equals("Reshape") && c.getInput(0).equals(v)) {
                    reshape = c;
                    break;
                }
                pending.addAll(c.getOutputList());
            }
        }
        if (reshape == null) {
            throw fail("no Reshape splits layer " + l + "'s query into heads");
        }
        long[] tail = trailingConstants(reshape.getInput(1));
        int dHead = -1;
        if (tail.length >= 1 && tail[tail.length - 1] > 0) {
            dHead = Math.toIntExact(tail[tail.length - 1]);
        } else if (tail.length >= 2 && tail[tail.length - 2] > 0 && qOut % tail[tail.length - 2] == 0) {
            dHead = Math.toIntExact(qOut / tail[tail.length - 2]);
        }
        if (dHead < 1 || qOut % dHead != 0 || kOut % dHead != 0 || kOut != vOut) {
            throw fail("cannot read the heads of layer " + l + " from " + reshape.getName() + " (shape ends " + Arrays.toString(tail)
                    + "; q " + qOut + ", k " + kOut + ", v " + vOut + " wide)");
        }
        return new Shape(qOut / dHead, kOut / dHead, dHead);
    }

    /** The constant elements at the end of a shape value: a constant, or a Concat whose last pieces are constants. */
    private long[] trailingConstants(String shape) {
        if (g.isConstant(shape)) {
            long[] v = g.longs(shape);
            return v == null ? new long[0] : v;
        }
        NodeProto concat = g.producer(shape);
        if (concat == null || !concat.getOpType().equals("Concat")) {
            return new long[0];
        }
        List<Long> tail = new ArrayList<>();
        for (int i = concat.getInputCount() - 1; i >= 0; i--) {
            String in = concat.getInput(i);
            NodeProto p = g.producer(in);
            if (!g.isConstant(in) && p != null && p.getOpType().equals("Unsqueeze") && g.isConstant(p.getInput(0))) {
                in = p.getInput(0);
            }
            if (!g.isConstant(in)) {
                break;
            }
            long[] v = g.longs(in);
            if (v == null) {
                break;
            }
            for (int j = v.length - 1; j >= 0; j--) {
                tail.add(0, v[j]);
            }
        }
        return tail.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The rotation on the query's path: the Mul of the query by a value computed outside the block is by
     * cos, the Mul of rotate_half(query) by sin; cos comes from a Cos of positions times a constant inverse
     * frequency vector, or (transformers < 4.38) cos and sin are rows of constant tables gathered by position.
     */
    private RopeRead rope(Set<NodeProto> qPath, Set<NodeProto> block, int dHead, int l, boolean record) {
        // rotate_half cuts each head in two halves: by Slices at dHead/2 (constant bounds, or bounds computed from
        // the head's shape, which are dHead/2 by construction) or a Split in two; interleaved pairs would not
        boolean halves = false;
        boolean constantBounds = false;
        for (NodeProto node : qPath) {
            if (node.getOpType().equals("Slice") && node.getInputCount() >= 3) {
                for (int i = 1; i <= 2; i++) {
                    long[] bound = g.isConstant(node.getInput(i)) ? g.longs(node.getInput(i)) : null;
                    if (bound != null && bound.length == 1 && bound[0] != 0 && Math.abs(bound[0]) < Integer.MAX_VALUE) {
                        constantBounds = true;
                        halves |= bound[0] == dHead / 2 || bound[0] == -(dHead / 2);
                    }
                }
            }
            if (node.getOpType().equals("Split") && node.getOutputCount() == 2) {
                halves = true;
            }
        }
        if (!halves && constantBounds) {
            throw fail("layer " + l + "'s rotary positions do not cut each head at dHead/2 (rotate_half); interleaved RoPE is not implemented");
        }
        String side = null;
        String sinSide = null;
        for (NodeProto node : g.nodes()) {
            if (!qPath.contains(node) || !node.getOpType().equals("Mul")) {
                continue;
            }
            for (String in : node.getInputList()) {
                NodeProto p = g.producer(in);
                if (!g.isConstant(in) && (p == null || !block.contains(p))) {
                    if (!ancestorsOfNeg(node, qPath)) {
                        side = in;
                    } else {
                        sinSide = in;
                    }
                }
            }
        }
        if (side == null) {
            throw fail("layer " + l + " rotates the query (a Neg on its path) but multiplies it by no cos from outside the block");
        }
        Set<NodeProto> sideNodes = g.ancestors(side, null);
        float scaling = 1f;
        NodeProto cos = null;
        for (NodeProto node : g.nodes()) {
            if (sideNodes.contains(node) && node.getOpType().equals("Cos")) {
                cos = node;
            }
        }
        if (cos != null) {
            Set<NodeProto> afterCos = g.descendants(cos.getOutput(0), sideNodes);
            for (NodeProto node : afterCos) {
                if (node.getOpType().equals("Mul")) {
                    for (String in : node.getInputList()) {
                        if (g.isConstant(in) && g.size(in) == 1) {
                            scaling *= g.floats(in)[0];
                        }
                    }
                }
            }
            String invFreq = null;
            for (NodeProto node : g.ancestors(cos.getInput(0), null)) {
                for (String in : node.getInputList()) {
                    if (g.isConstant(in) && g.constant(in).getDataType() == TensorProto.DataType.FLOAT_VALUE && g.size(in) == dHead / 2
                            && dHead > 2) {
                        invFreq = in;
                    }
                }
            }
            if (invFreq == null) {
                throw fail("the Cos " + cos.getName() + " of layer " + l + "'s rotary positions reads no constant " + (dHead / 2)
                        + "-value inverse frequency vector");
            }
            float[] f = g.floats(invFreq);
            if (l == 0 && record) {
                put("rope.inv_freq", invFreq);
            }
            // inv_freq[i] = theta^(-2i/dHead): theta from the second frequency (exact for plain RoPE)
            double theta = f.length > 1 && f[1] > 0 ? Math.pow(f[1], -dHead / 2.0) : 0;
            return new RopeRead(new DecoderWeights.Rope(f, scaling), theta);
        }
        String cosTable = ropeTable(side, dHead, l);
        if (cosTable != null) {
            String sinTable = sinSide == null ? null : ropeTable(sinSide, dHead, l);
            if (sinTable == null) {
                throw fail("layer " + l + "'s rotary cos is the constant table " + cosTable + " but rotate_half(query) is multiplied by no sin table");
            }
            if (g.size(sinTable) != g.size(cosTable)) {
                throw fail("layer " + l + "'s rotary tables " + cosTable + " and " + sinTable + " differ in size");
            }
            float[] c = g.floats(cosTable);
            float[] s = g.floats(sinTable);
            int rows = c.length / dHead;
            if (l == 0 && record) {
                put("rope.cos_table", cosTable);
                put("rope.sin_table", sinTable);
            }
            // the base read back from row 1 (angle = inv_freq[1] at position 1), as for inv_freq; a diagnostic only
            double theta = rows > 1 && dHead > 2 ? Math.pow(Math.atan2(s[dHead + 1], c[dHead + 1]), -dHead / 2.0) : 0;
            return new RopeRead(DecoderWeights.Rope.tables(c, s, rows), Double.isFinite(theta) ? theta : 0);
        }
        throw fail("layer " + l + "'s rotary cos is computed without a Cos node or table (" + side + ")");
    }

    private static boolean sameTables(DecoderWeights.Rope a, DecoderWeights.Rope b) {
        return a.fromTables() == b.fromTables() && a.tableRows() == b.tableRows() && Arrays.equals(a.cosTable(), b.cosTable())
                && Arrays.equals(a.sinTable(), b.sinTable());
    }

    /**
     * The constant table behind one rotary factor, as torch exports transformers < 4.38's
     * {@code cos_cached[:seq_len][position_ids].unsqueeze(1)}: a Gather (axis 0) by the positions of the table sliced
     * from row 0 (through Squeezes of a {@code [1, 1, rows, dHead]} table and Casts); null when the factor reads none.
     */
    private String ropeTable(String factor, int dHead, int l) {
        // back from the factor through the unsqueeze (and casts) to its Gather, never into other layers' nodes
        NodeProto node = g.producer(factor);
        while (node != null && Set.of("Unsqueeze", "Cast", "Identity", "Reshape", "Expand").contains(node.getOpType())) {
            node = g.producer(node.getInput(0));
        }
        if (node != null && node.getOpType().equals("Gather")) {
            String data = node.getInput(0);
            while (data != null && !g.isConstant(data)) {
                NodeProto p = g.producer(data);
                if (p == null || !Set.of("Slice", "Squeeze", "Cast", "Identity").contains(p.getOpType())) {
                    data = null;
                } else {
                    if (p.getOpType().equals("Slice")) {
                        long[] starts = p.getInputCount() > 1 && g.isConstant(p.getInput(1)) ? g.longs(p.getInput(1)) : null;
                        if (starts == null || Arrays.stream(starts).anyMatch(v -> v != 0)) {
                            throw fail("layer " + l + "'s rotary table is sliced by " + p.getName() + " from a row other than 0; only "
                                    + "tables gathered by absolute positions are implemented");
                        }
                    }
                    data = p.getInput(0);
                }
            }
            if (data == null) {
                return null;
            }
            List<Long> dims = g.dims(data);
            boolean leadingOnes = dims.size() >= 2 && dims.subList(0, dims.size() - 2).stream().allMatch(v -> v == 1);
            if (!leadingOnes || dims.get(dims.size() - 1) != dHead || g.constant(data).getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                return null;
            }
            for (AttributeProto a : node.getAttributeList()) {
                if (a.getName().equals("axis") && a.getI() != 0) {
                    throw fail("layer " + l + "'s rotary table " + data + " is gathered on axis " + a.getI() + ", not by rows");
                }
            }
            return data;
        }
        return null;
    }

    private boolean ancestorsOfNeg(NodeProto mul, Set<NodeProto> qPath) {
        for (String in : mul.getInputList()) {
            NodeProto p = g.producer(in);
            if (p != null && qPath.contains(p)) {
                for (NodeProto a : g.ancestors(in, qPath)) {
                    if (a.getOpType().equals("Neg")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The plugins compute softmax(Q K^T / sqrt(dHead)) V: constant factors on the query and key paths and
     * between the score product and the softmax must multiply to 1/sqrt(dHead). A scale computed at run time
     * from the head width (torch's scaled_dot_product_attention without constant folding) has no constant.
     */
    private void checkScale(Set<NodeProto> qPath, Set<NodeProto> kPath, Set<NodeProto> scorePath, int dHead, int l) {
        double factor = 1;
        boolean any = false;
        Set<NodeProto> all = OnnxGraph.newNodeSet();
        all.addAll(qPath);
        all.addAll(kPath);
        all.addAll(scorePath);
        for (NodeProto node : all) {
            boolean mul = node.getOpType().equals("Mul");
            boolean div = node.getOpType().equals("Div");
            if ((mul || div) && node.getInputCount() == 2) {
                int constant = g.isConstant(node.getInput(1)) ? 1 : g.isConstant(node.getInput(0)) && mul ? 0 : -1;
                if (constant >= 0 && g.size(node.getInput(constant)) == 1
                        && g.constant(node.getInput(constant)).getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                    float c = g.floats(node.getInput(constant))[0];
                    factor = mul ? factor * c : factor / c;
                    any = true;
                }
            }
        }
        double expected = 1 / Math.sqrt(dHead);
        if (any && Math.abs(factor - expected) > 1e-4 * expected) {
            throw fail("layer " + l + " scales the attention scores by " + (float) factor + ", not 1/sqrt(" + dHead + ") = " + (float) expected);
        }
    }

    // ------------------------------------------------------------------ feed-forward

    private record MlpRead(Dense gate, Dense up, Dense down, Activation activation) {
    }

    private MlpRead mlp(int l, String normed, String blockOut, int d) {
        String where = "in layer " + l + "'s feed-forward";
        Set<NodeProto> block = between(normed, blockOut);
        for (NodeProto node : g.nodes()) {
            if (block.contains(node) && !MLP_OPS.contains(node.getOpType()) && !SHAPE_ARITHMETIC.contains(node.getOpType())) {
                throw unexpected(node, where);
            }
        }
        List<LinearRead> ups = linearsReading(normed, block);
        LinearRead down = linearWriting(blockOut, block, "between layer " + l + "'s feed-forward and its residual Add");
        String role = "layer." + l + ".";
        if (ups.size() == 1) {
            LinearRead up = ups.get(0);
            Activation act = null;
            for (NodeProto node : g.nodes()) {
                if (!block.contains(node)) {
                    continue;
                }
                Activation found = switch (node.getOpType()) {
                    case "Tanh" -> Activation.GELU_TANH;
                    case "Erf" -> Activation.GELU_ERF;
                    case "Gelu" -> {
                        AttributeProto a = OnnxGraph.attribute(node, "approximate");
                        yield a != null && a.getS().toStringUtf8().equals("tanh") ? Activation.GELU_TANH : Activation.GELU_ERF;
                    }
                    case "Sigmoid" -> throw unexpected(node, where + " (SiLU without a gate: only SwiGLU's gated form is implemented)");
                    default -> null;
                };
                if (found != null) {
                    if (act != null && act != found) {
                        throw unexpected(node, where + " (a second activation)");
                    }
                    act = found;
                }
            }
            if (act == null) {
                throw fail("layer " + l + "'s feed-forward has no activation (Tanh, Erf or Gelu)");
            }
            putLinear(role + "up", up);
            putLinear(role + "down", down);
            return new MlpRead(null, up.dense(), down.dense(), act);
        }
        if (ups.size() == 2) {
            LinearRead gate = null;
            LinearRead up = null;
            for (LinearRead lin : ups) {
                boolean sigmoid = false;
                for (NodeProto c : g.consumersThrough(lin.output(), Set.of("Cast", "Identity"))) {
                    sigmoid |= c.getOpType().equals("Sigmoid");
                    if (c.getOpType().equals("Tanh") || c.getOpType().equals("Erf") || c.getOpType().equals("Gelu")) {
                        throw unexpected(c, where + " (a GELU-gated feed-forward; only SwiGLU is implemented)");
                    }
                }
                if (sigmoid) {
                    gate = lin;
                } else {
                    up = lin;
                }
            }
            if (gate == null || up == null) {
                throw fail("layer " + l + "'s feed-forward has two projections of its input but not one gate through a Sigmoid (SiLU)");
            }
            putLinear(role + "gate", gate);
            putLinear(role + "up", up);
            putLinear(role + "down", down);
            return new MlpRead(gate.dense(), up.dense(), down.dense(), Activation.SWIGLU);
        }
        throw fail("layer " + l + "'s feed-forward has " + ups.size() + " projections of its input, expected 1 (GELU) or 2 (SwiGLU)");
    }

    private void putLinear(String role, LinearRead lin) {
        put(role + ".weight", lin.weightName());
        if (lin.biasName() != null) {
            put(role + ".bias", lin.biasName());
        }
    }

    // ------------------------------------------------------------------ graph helpers

    /** The nodes that lie on a path from {@code from} to {@code to}. */
    private Set<NodeProto> between(String from, String to) {
        Set<NodeProto> down = g.descendants(from, null);
        Set<NodeProto> up = g.ancestors(to, null);
        Set<NodeProto> both = OnnxGraph.newNodeSet();
        for (NodeProto n : up) {
            if (down.contains(n)) {
                both.add(n);
            }
        }
        return both;
    }

    private List<NodeProto> ofType(Set<NodeProto> nodes, String op) {
        List<NodeProto> found = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            if (nodes.contains(n) && n.getOpType().equals(op)) {
                found.add(n);
            }
        }
        return found;
    }

    private NodeProto producerThrough(String value, Set<String> through) {
        NodeProto p = g.producer(value);
        for (int hops = 0; p != null && through.contains(p.getOpType()) && hops < 8; hops++) {
            p = g.producer(p.getInput(0));
        }
        return p;
    }

    /** Consumers that read the value's data (not only its shape). */
    private List<NodeProto> dataConsumers(String value) {
        List<NodeProto> found = new ArrayList<>();
        for (NodeProto c : g.consumers(value)) {
            if (!SHAPE_OPS.contains(c.getOpType())) {
                found.add(c);
            }
        }
        return found;
    }

    private static String other(NodeProto binary, String one) {
        return binary.getInput(0).equals(one) ? binary.getInput(1) : binary.getInput(0);
    }

    private static String names(List<NodeProto> nodes) {
        StringBuilder s = new StringBuilder();
        for (NodeProto n : nodes) {
            s.append(s.length() == 0 ? "" : ", ").append(n.getOpType()).append(' ').append(n.getName());
        }
        return s.toString();
    }

    private void put(String role, String tensor) {
        if (tensor != null && sources.put(role, tensor) != null) {
            throw new IllegalStateException("role " + role + " mapped twice");
        }
    }

    private ModelLoadException unexpected(NodeProto node, String where) {
        String name = node.getName().isEmpty() ? "(unnamed, output " + node.getOutput(0) + ")" : "'" + node.getName() + "'";
        return fail("unexpected " + node.getOpType() + " node " + name + " " + where);
    }

    private ModelLoadException fail(String detail) {
        return new ModelLoadException(prefix(source) + detail);
    }
}
