package org.attentionlab.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads a BERT-family encoder from its ONNX export (PyTorch exporter, HuggingFace module names).
 *
 * <p>Weights are found by walking the graph, not by trusting tensor names: a PyTorch export names
 * many matrices anonymously ({@code onnx::MatMul_787}), but the node that consumes one
 * ({@code /encoder/layer.0/attention/self/query/MatMul}) says what it is, and the bias is the
 * constant of the Add that follows. The shape comes from the graph too: layers from the node names,
 * heads from the Reshape that splits the query into heads, LayerNorm epsilon from the fused
 * LayerNormalization node or from the Add before the Sqrt of a decomposed one, the position limit
 * from the rows of the position table. Node names may carry a wrapper prefix ({@code /bert/encoder/...}).
 *
 * <p>What this Java model cannot reproduce is refused rather than approximated: a tanh GELU,
 * position ids that are not 0..n-1 (RoBERTa-style), an attention scale other than 1/sqrt(dHead).
 */
public final class OnnxBertReader {

    /** The node that anchors the family; its name tells the layer number and any wrapper prefix. */
    static final String ANCHOR = "/encoder/layer.N/attention/self/query/MatMul";
    private static final Pattern ANCHOR_PATTERN = Pattern.compile("(.*)/encoder/layer\\.(\\d+)/attention/self/query/MatMul");

    /** Role names of one layer's weights, in the order they are read; prefixed by {@code layer.L.}. */
    public static final List<String> LAYER_ROLES = List.of(
            "query.weight", "query.bias", "key.weight", "key.bias", "value.weight", "value.bias",
            "attention_output.weight", "attention_output.bias", "attention_norm.gamma", "attention_norm.beta",
            "intermediate.weight", "intermediate.bias", "output.weight", "output.bias", "output_norm.gamma", "output_norm.beta");

    /** Role names of the embeddings. */
    public static final List<String> EMBEDDING_ROLES = List.of(
            "embeddings.word", "embeddings.position", "embeddings.token_type", "embeddings.norm.gamma", "embeddings.norm.beta");

    private final OnnxGraph graph;
    private final String source;
    private final Map<String, String> sources = new LinkedHashMap<>();

    private OnnxBertReader(OnnxGraph graph) {
        this.graph = graph;
        this.source = graph.source();
    }

    /**
     * Parses an ONNX model and maps its weights.
     *
     * @param onnxBytes  the .onnx file's bytes
     * @param sourceName where they came from (a path or a built-in model's name), for messages
     * @throws ModelLoadException if the bytes are not ONNX or the graph is not a BERT-family encoder this model can run
     */
    public static BertWeights read(byte[] onnxBytes, String sourceName) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnxBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException("not an ONNX model: " + sourceName + " (" + firstLine(e.getMessage()) + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelLoadException("not an ONNX model: " + sourceName + " (no graph)");
        }
        return new OnnxBertReader(new OnnxGraph(model.getGraph(), sourceName)).read();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable protobuf";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private BertWeights read() {
        String prefix = null;
        TreeMap<Integer, String> layerAnchors = new TreeMap<>();
        for (NodeProto node : graph.nodes()) {
            Matcher m = ANCHOR_PATTERN.matcher(node.getName());
            if (!m.matches()) {
                continue;
            }
            if (prefix != null && !prefix.equals(m.group(1))) {
                throw notBert("nodes of two encoders, under '" + prefix + "' and '" + m.group(1) + "'");
            }
            prefix = m.group(1);
            int layer = Integer.parseInt(m.group(2));
            if (layerAnchors.put(layer, node.getName()) != null) {
                throw notBert("2 nodes named " + node.getName());
            }
        }
        if (prefix == null) {
            throw notBert("no node matching " + ANCHOR);
        }
        int layerCount = layerAnchors.size();
        if (layerAnchors.firstKey() != 0 || layerAnchors.lastKey() != layerCount - 1) {
            throw notBert("layers are numbered " + layerAnchors.keySet() + ", expected 0.." + (layerCount - 1));
        }

        String emb = prefix + "/embeddings";
        Table word = table(emb + "/word_embeddings/Gather", "embeddings.word");
        int hidden = word.width();
        Table position = table(emb + "/position_embeddings/Gather", "embeddings.position");
        Table tokenType = table(emb + "/token_type_embeddings/Gather", "embeddings.token_type");
        requireWidth(emb + "/position_embeddings", position, hidden);
        requireWidth(emb + "/token_type_embeddings", tokenType, hidden);
        checkPositionIds(emb + "/position_embeddings/Gather");
        BertWeights.Norm embNorm = norm(emb + "/LayerNorm", "embeddings.norm", hidden);

        List<BertWeights.Layer> layers = new ArrayList<>(layerCount);
        int heads = -1;
        for (int l = 0; l < layerCount; l++) {
            String scope = prefix + "/encoder/layer." + l;
            String role = "layer." + l + ".";
            Projection q = dense(scope + "/attention/self/query", role + "query");
            Projection k = dense(scope + "/attention/self/key", role + "key");
            Projection v = dense(scope + "/attention/self/value", role + "value");
            int layerHeads = heads(scope + "/attention/self", q.output(), hidden);
            if (heads != -1 && layerHeads != heads) {
                throw unsupported("layer " + l + " has " + layerHeads + " heads, layer 0 has " + heads);
            }
            heads = layerHeads;
            checkSoftmaxAttention(scope + "/attention/self", hidden / heads);
            Projection ao = dense(scope + "/attention/output/dense", role + "attention_output");
            BertWeights.Norm an = norm(scope + "/attention/output/LayerNorm", role + "attention_norm", hidden);
            checkExactGelu(scope + "/intermediate");
            Projection inter = dense(scope + "/intermediate/dense", role + "intermediate");
            Projection out = dense(scope + "/output/dense", role + "output");
            BertWeights.Norm on = norm(scope + "/output/LayerNorm", role + "output_norm", hidden);
            layers.add(new BertWeights.Layer(q.dense(), k.dense(), v.dense(), ao.dense(), an, inter.dense(), out.dense(), on));
        }
        int intermediate = layers.get(0).intermediate().out();
        BertConfig config;
        try {
            config = new BertConfig(layerCount, hidden, heads, intermediate, embNorm.eps(), position.rows(), word.rows(), tokenType.rows());
            return new BertWeights(config, word.values(), position.values(), tokenType.values(), embNorm, layers, sources);
        } catch (IllegalArgumentException e) {
            throw notBert(e.getMessage());
        }
    }

    // ---- embeddings

    private record Table(float[] values, int rows, int width) {
    }

    /** The 2-D constant table a Gather node reads rows of. */
    private Table table(String nodeName, String role) {
        NodeProto gather = requireNode(nodeName, "Gather");
        String name = gather.getInput(0);
        if (!graph.isConstant(name)) {
            throw notBert(nodeName + " does not read a constant table");
        }
        List<Long> dims = graph.dims(name);
        if (dims.size() != 2) {
            throw notBert(nodeName + " reads a table of shape " + dims + ", expected rows x hidden");
        }
        put(role, name);
        return new Table(graph.floats(name), Math.toIntExact(dims.get(0)), Math.toIntExact(dims.get(1)));
    }

    private void requireWidth(String what, Table table, int hidden) {
        if (table.width() != hidden) {
            throw notBert(what + " is " + table.width() + " wide, the word embeddings " + hidden);
        }
    }

    /**
     * The Java model uses positions 0..n-1 (BERT's absolute positions); an export that computes them
     * otherwise (RoBERTa offsets them past the padding id) would silently disagree, so it is refused.
     */
    private void checkPositionIds(String gatherName) {
        String ids = requireNode(gatherName, "Gather").getInput(1);
        for (int hops = 0; hops < 8; hops++) {
            if (graph.isConstant(ids)) {
                if (graph.isRangeFromZero(ids)) {
                    return;
                }
                throw unsupported("the position ids read by " + gatherName + " are a constant other than 0..n-1");
            }
            NodeProto p = graph.producer(ids);
            if (p == null) {
                return; // a graph input: OnnxReference refuses inputs it cannot feed
            }
            switch (p.getOpType()) {
                case "Unsqueeze", "Expand", "Cast", "Identity" -> {
                    ids = p.getInput(0);
                    continue;
                }
                case "Slice" -> {
                    if (graph.isConstant(p.getInput(0)) && graph.isRangeFromZero(p.getInput(0))
                            && p.getInputCount() > 1 && graph.isConstant(p.getInput(1)) && allZero(graph.longs(p.getInput(1)))) {
                        return;
                    }
                }
                case "Range" -> {
                    if (graph.isConstant(p.getInput(0)) && graph.isConstant(p.getInput(2))
                            && graph.isScalar(p.getInput(0), 0) && graph.isScalar(p.getInput(2), 1)) {
                        return;
                    }
                }
                default -> {
                }
            }
            throw unsupported("the position ids read by " + gatherName + " are computed by " + p.getOpType() + " " + p.getName()
                    + ", not 0..n-1; only absolute positions from 0 are implemented");
        }
        throw unsupported("the position ids read by " + gatherName + " are not 0..n-1");
    }

    private static boolean allZero(long[] values) {
        if (values == null) {
            return false;
        }
        for (long v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- projections

    private record Projection(BertWeights.Dense dense, String output) {
    }

    /** {@code scope/MatMul} with a constant {@code in x out} weight, then an Add of a constant {@code out} bias. */
    private Projection dense(String scope, String role) {
        NodeProto matmul = requireNode(scope + "/MatMul", "MatMul");
        String weight = null;
        for (String in : matmul.getInputList()) {
            if (graph.isConstant(in)) {
                if (weight != null) {
                    throw notBert(matmul.getName() + " has two constant inputs");
                }
                weight = in;
            }
        }
        if (weight == null) {
            throw notBert(matmul.getName() + " has no constant weight");
        }
        List<Long> dims = graph.dims(weight);
        if (dims.size() != 2 || !graph.isConstant(weight) || !matmul.getInput(1).equals(weight)) {
            throw notBert(matmul.getName() + " weight " + weight + " has shape " + dims + ", expected in x out as its second input");
        }
        int in = Math.toIntExact(dims.get(0));
        int out = Math.toIntExact(dims.get(1));
        NodeProto add = null;
        String bias = null;
        for (NodeProto c : graph.consumers(matmul.getOutput(0))) {
            if (!c.getOpType().equals("Add")) {
                continue;
            }
            for (String operand : c.getInputList()) {
                if (graph.isConstant(operand) && graph.size(operand) == out && graph.dims(operand).size() == 1) {
                    if (add != null) {
                        throw notBert("2 bias Adds after " + matmul.getName());
                    }
                    add = c;
                    bias = operand;
                }
            }
        }
        if (add == null) {
            throw notBert("no Add of a " + out + "-value bias after " + matmul.getName());
        }
        put(role + ".weight", weight);
        put(role + ".bias", bias);
        return new Projection(new BertWeights.Dense(graph.floats(weight), graph.floats(bias), in, out), add.getOutput(0));
    }

    // ---- attention shape

    /** Heads from the Reshape that splits the query into (batch, n, heads, dHead). */
    private int heads(String selfScope, String queryOutput, int hidden) {
        NodeProto reshape = null;
        for (NodeProto c : graph.consumers(queryOutput)) {
            if (c.getOpType().equals("Reshape") && c.getInput(0).equals(queryOutput)) {
                if (reshape != null) {
                    throw notBert("2 Reshapes of the query under " + selfScope);
                }
                reshape = c;
            }
        }
        if (reshape == null) {
            throw notBert("no Reshape splitting the query into heads under " + selfScope);
        }
        Long[] parts = shapeParts(reshape.getInput(1));
        if (parts == null || parts.length != 4) {
            throw notBert("cannot read the number of heads from " + reshape.getName());
        }
        Long heads = parts[2] != null && parts[2] > 0 ? parts[2] : null;
        Long dHead = parts[3] != null && parts[3] > 0 ? parts[3] : null;
        if (heads == null && dHead != null && hidden % dHead == 0) {
            heads = hidden / dHead;
        }
        if (heads == null || hidden % heads != 0 || (dHead != null && heads * dHead != hidden)) {
            throw notBert("cannot read the number of heads from " + reshape.getName() + " (shape " + java.util.Arrays.toString(parts)
                    + ", hidden " + hidden + ")");
        }
        return Math.toIntExact(heads);
    }

    /** The elements of a shape value that are constants (null where computed at run time). */
    private Long[] shapeParts(String shape) {
        long[] constant = graph.isConstant(shape) ? graph.longs(shape) : null;
        if (constant != null) {
            Long[] parts = new Long[constant.length];
            for (int i = 0; i < constant.length; i++) {
                parts[i] = constant[i];
            }
            return parts;
        }
        NodeProto concat = graph.producer(shape);
        if (concat == null || !concat.getOpType().equals("Concat")) {
            return null;
        }
        Long[] parts = new Long[concat.getInputCount()];
        for (int i = 0; i < parts.length; i++) {
            String in = concat.getInput(i);
            NodeProto p = graph.producer(in);
            if (!graph.isConstant(in) && p != null && p.getOpType().equals("Unsqueeze")) {
                in = p.getInput(0);
            }
            if (graph.isConstant(in)) {
                long[] v = graph.longs(in);
                if (v == null || v.length != 1) {
                    return null;
                }
                parts[i] = v[0];
            }
        }
        return parts;
    }

    /**
     * The attention plugins compute softmax(Q K^T / sqrt(dHead)) V: the export must have a Softmax, and
     * a constant score divisor, where there is one, must be sqrt(dHead).
     */
    private void checkSoftmaxAttention(String selfScope, int dHead) {
        boolean softmax = false;
        for (NodeProto node : graph.nodesUnder(selfScope)) {
            if (node.getOpType().equals("Softmax")) {
                softmax = true;
            }
            if (node.getOpType().equals("Div") && node.getInputCount() == 2 && graph.isConstant(node.getInput(1))
                    && graph.size(node.getInput(1)) == 1) {
                float[] divisor = graph.floats(node.getInput(1));
                double expected = Math.sqrt(dHead);
                if (Math.abs(divisor[0] - expected) > 1e-4 * expected) {
                    throw unsupported(node.getName() + " divides the scores by " + divisor[0] + ", not sqrt(" + dHead + ")");
                }
            }
        }
        if (!softmax) {
            throw notBert("no Softmax under " + selfScope);
        }
    }

    /** The Java feed-forward uses the exact erf GELU; a tanh approximation would disagree. */
    private void checkExactGelu(String scope) {
        boolean exact = false;
        for (NodeProto node : graph.nodesUnder(scope)) {
            switch (node.getOpType()) {
                case "Erf" -> exact = true;
                case "Gelu" -> {
                    AttributeProto approx = OnnxGraph.attribute(node, "approximate");
                    if (approx != null && approx.getS().toStringUtf8().equals("tanh")) {
                        throw unsupported(node.getName() + " is the tanh approximation of GELU; only the exact (erf) GELU is implemented");
                    }
                    exact = true;
                }
                case "Tanh", "FastGelu" -> throw unsupported(node.getName()
                        + " is the tanh approximation of GELU; only the exact (erf) GELU is implemented");
                default -> {
                }
            }
        }
        if (!exact) {
            throw notBert("no Erf (exact GELU) node under " + scope);
        }
    }

    // ---- LayerNorm

    /** A fused LayerNormalization node, or the decomposed ReduceMean/Sub/Pow/.../Sqrt/Div/Mul/Add pattern. */
    private BertWeights.Norm norm(String scope, String role, int hidden) {
        List<NodeProto> nodes = graph.nodesUnder(scope);
        NodeProto fused = null;
        for (NodeProto node : nodes) {
            if (node.getOpType().equals("LayerNormalization")) {
                if (fused != null) {
                    throw notBert("2 LayerNormalization nodes under " + scope);
                }
                fused = node;
            }
        }
        if (fused == null && graph.nodesNamed(scope).size() == 1 && graph.nodesNamed(scope).get(0).getOpType().equals("LayerNormalization")) {
            fused = graph.nodesNamed(scope).get(0);
        }
        String gamma;
        String beta;
        float eps;
        if (fused != null) {
            if (fused.getInputCount() < 3 || !graph.isConstant(fused.getInput(1)) || !graph.isConstant(fused.getInput(2))) {
                throw notBert(fused.getName() + " lacks a constant scale and bias");
            }
            AttributeProto axis = OnnxGraph.attribute(fused, "axis");
            if (axis != null && axis.getI() != -1 && axis.getI() != 2) {
                throw unsupported(fused.getName() + " normalises over axis " + axis.getI() + ", not the last one");
            }
            gamma = fused.getInput(1);
            beta = fused.getInput(2);
            AttributeProto epsilon = OnnxGraph.attribute(fused, "epsilon");
            eps = epsilon == null ? 1e-5f : epsilon.getF();
        } else {
            if (nodes.isEmpty()) {
                throw notBert("no LayerNorm nodes under " + scope);
            }
            gamma = uniqueOperand(nodes, "Mul", hidden, scope, "scale");
            beta = uniqueOperand(nodes, "Add", hidden, scope, "bias");
            eps = decomposedEpsilon(nodes, scope);
        }
        if (graph.size(gamma) != hidden || graph.size(beta) != hidden) {
            throw notBert("the LayerNorm under " + scope + " has " + graph.size(gamma) + "/" + graph.size(beta) + " scale/bias values, expected " + hidden);
        }
        put(role + ".gamma", gamma);
        put(role + ".beta", beta);
        return new BertWeights.Norm(graph.floats(gamma), graph.floats(beta), eps);
    }

    /** The one constant operand of length {@code width} among the {@code op} nodes of a decomposed LayerNorm. */
    private String uniqueOperand(List<NodeProto> nodes, String op, int width, String scope, String what) {
        List<String> found = graph.constantOperands(nodes, op, width).stream().filter(in -> graph.dims(in).size() == 1).toList();
        if (found.size() > 1) {
            throw notBert("2 candidate LayerNorm " + what + "s under " + scope);
        }
        if (found.isEmpty()) {
            throw notBert("no LayerNorm " + what + " (" + op + " of a " + width + "-value constant) under " + scope);
        }
        return found.get(0);
    }

    /** Epsilon of a decomposed LayerNorm: the scalar added to the variance before the Sqrt. */
    private float decomposedEpsilon(List<NodeProto> nodes, String scope) {
        NodeProto sqrt = null;
        for (NodeProto node : nodes) {
            if (node.getOpType().equals("Sqrt")) {
                if (sqrt != null) {
                    throw notBert("2 Sqrt nodes under " + scope);
                }
                sqrt = node;
            }
        }
        if (sqrt == null) {
            throw notBert("no LayerNorm (neither LayerNormalization nor Sqrt of the variance) under " + scope);
        }
        float eps = graph.addedScalar(sqrt.getInput(0));
        if (Float.isNaN(eps)) {
            throw notBert("no epsilon Add before " + sqrt.getName());
        }
        return eps;
    }

    // ---- helpers

    private NodeProto requireNode(String name, String op) {
        List<NodeProto> found = graph.nodesNamed(name);
        if (found.isEmpty()) {
            throw notBert("no node named " + name);
        }
        if (found.size() > 1) {
            throw notBert(found.size() + " nodes named " + name);
        }
        NodeProto node = found.get(0);
        if (!node.getOpType().equals(op)) {
            throw notBert(name + " is a " + node.getOpType() + ", expected " + op);
        }
        return node;
    }

    private void put(String role, String tensor) {
        if (sources.put(role, tensor) != null) {
            throw new IllegalStateException("role " + role + " mapped twice");
        }
    }

    private ModelLoadException notBert(String detail) {
        return new ModelLoadException("not a BERT-family encoder: " + source + ": " + detail);
    }

    private ModelLoadException unsupported(String detail) {
        return new ModelLoadException("unsupported BERT variant: " + source + ": " + detail);
    }
}
