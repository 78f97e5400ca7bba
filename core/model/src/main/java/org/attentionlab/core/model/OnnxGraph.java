package org.attentionlab.core.model;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * An index over one ONNX graph: which node produces and which nodes consume every value, nodes by
 * name, and the constant values (initializers, Constant nodes, and Identity nodes of either) decoded on
 * demand, and the walks along the data both readers take (ancestors and descendants of a value, a decomposed
 * norm's constant operands and epsilon). Shared by the encoder reader and the decoder reader
 * ({@code org.attentionlab.core.decoder}); the graph's own inputs and outputs are listed by name.
 */
public final class OnnxGraph {

    private final String source;
    private final List<NodeProto> nodes;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, List<NodeProto>> byName = new HashMap<>();

    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();

    /** Indexes {@code graph}; {@code source} names it in messages (a path or a model's name). */
    public OnnxGraph(GraphProto graph, String source) {
        this(graph, source, null);
    }

    /**
     * Indexes a subgraph (an If node's branch) that may read the constants of {@code outer}, the graph it
     * is nested in; null for a top-level graph.
     */
    public OnnxGraph(GraphProto graph, String source, OnnxGraph outer) {
        this.source = source;
        this.nodes = graph.getNodeList();
        if (outer != null) {
            constants.putAll(outer.constants);
        }
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        java.util.Set<String> initializers = new java.util.HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        for (var in : graph.getInputList()) {
            if (!initializers.contains(in.getName())) {
                inputs.add(in.getName());
            }
        }
        for (var out : graph.getOutputList()) {
            outputs.add(out.getName());
        }
        for (NodeProto node : nodes) {
            byName.computeIfAbsent(node.getName(), k -> new ArrayList<>()).add(node);
            for (String out : node.getOutputList()) {
                producers.put(out, node);
            }
            for (String in : node.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
            if (node.getOpType().equals("Constant") && node.getOutputCount() == 1) {
                TensorProto value = constantNodeValue(node);
                if (value != null) {
                    constants.put(node.getOutput(0), value);
                }
            }
            // exporters hand a shared weight to its second user through an Identity node
            if (node.getOpType().equals("Identity") && node.getInputCount() == 1 && node.getOutputCount() == 1
                    && constants.containsKey(node.getInput(0))) {
                constants.put(node.getOutput(0), constants.get(node.getInput(0)));
            }
        }
    }

    /** The graph's inputs that are not initializers, in declaration order. */
    public List<String> inputs() {
        return inputs;
    }

    /** The graph's outputs, in declaration order. */
    public List<String> outputs() {
        return outputs;
    }

    /** Where the graph came from, for messages. */
    public String source() {
        return source;
    }

    /** Every node, in the graph's (topological) order. */
    public List<NodeProto> nodes() {
        return nodes;
    }

    /** The nodes called {@code name} (normally one; empty when none). */
    public List<NodeProto> nodesNamed(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Nodes whose name lies in {@code scope} (starts with {@code scope + "/"}). */
    public List<NodeProto> nodesUnder(String scope) {
        String prefix = scope + "/";
        List<NodeProto> found = new ArrayList<>();
        for (NodeProto node : nodes) {
            if (node.getName().startsWith(prefix)) {
                found.add(node);
            }
        }
        return found;
    }

    /** The node that outputs {@code value}, or null for a graph input or an initializer. */
    public NodeProto producer(String value) {
        return producers.get(value);
    }

    /** The nodes that read {@code value}, in graph order. */
    public List<NodeProto> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** The nodes {@code value} depends on (its producer and theirs), within {@code limit} when given; an identity set. */
    public Set<NodeProto> ancestors(String value, Set<NodeProto> limit) {
        return upstream(value, limit, true);
    }

    /**
     * {@link #ancestors} without looking behind a Shape (a Shape's output depends on its input's shape, not its
     * values): the Shape is in the set, what it reads is not.
     */
    public Set<NodeProto> valueAncestors(String value, Set<NodeProto> limit) {
        return upstream(value, limit, false);
    }

    /** The nodes that depend on {@code value}, within {@code limit} when given; an identity set. */
    public Set<NodeProto> descendants(String value, Set<NodeProto> limit) {
        return downstream(value, limit, true);
    }

    /** {@link #descendants} that depend on {@code value}'s values: no Shape, nor what only a Shape leads to. */
    public Set<NodeProto> valueDescendants(String value, Set<NodeProto> limit) {
        return downstream(value, limit, false);
    }

    /** An empty set of nodes by identity (protobuf messages compare by value: two equal nodes are still two). */
    public static Set<NodeProto> newNodeSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private Set<NodeProto> upstream(String value, Set<NodeProto> limit, boolean behindShapes) {
        return walk(value, limit, v -> producer(v) == null ? List.of() : List.of(producer(v)), node -> true,
                p -> behindShapes || !p.getOpType().equals("Shape") ? p.getInputList() : List.of());
    }

    private Set<NodeProto> downstream(String value, Set<NodeProto> limit, boolean throughShapes) {
        return walk(value, limit, this::consumers, c -> throughShapes || !c.getOpType().equals("Shape"), NodeProto::getOutputList);
    }

    /**
     * Breadth-first from {@code value}: the nodes {@code step} leads to from each value reached, those {@code admit}
     * accepts within {@code limit} (null: no limit) joining the set, and each new one's {@code onward} values
     * walked in turn.
     */
    private static Set<NodeProto> walk(String value, Set<NodeProto> limit, Function<String, List<NodeProto>> step,
                                       Predicate<NodeProto> admit, Function<NodeProto, List<String>> onward) {
        Set<NodeProto> found = newNodeSet();
        eachValueOnce(value, (v, next) -> {
            for (NodeProto node : step.apply(v)) {
                if (admit.test(node) && (limit == null || limit.contains(node)) && found.add(node)) {
                    for (String out : onward.apply(node)) {
                        if (!out.isEmpty()) {
                            next.accept(out);
                        }
                    }
                }
            }
        });
        return found;
    }

    /** Breadth-first over values from {@code value}, each visited once; a visit hands on the values to visit next. */
    private static void eachValueOnce(String value, BiConsumer<String, Consumer<String>> visit) {
        Deque<String> pending = new ArrayDeque<>(List.of(value));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String v = pending.pop();
            if (seen.add(v)) {
                visit.accept(v, pending::add);
            }
        }
    }

    /**
     * The consumers of {@code value} and, through nodes of the {@code through} ops that read it as their first input
     * (a Cast, an Identity, a Reshape of the data), of what those output: where a value goes, pass-through ops aside.
     */
    public List<NodeProto> consumersThrough(String value, Set<String> through) {
        List<NodeProto> found = new ArrayList<>();
        eachValueOnce(value, (v, next) -> {
            for (NodeProto c : consumers(v)) {
                if (through.contains(c.getOpType()) && c.getInput(0).equals(v)) {
                    next.accept(c.getOutput(0));
                } else {
                    found.add(c);
                }
            }
        });
        return found;
    }

    /**
     * The constant operands of {@code size} values ({@code size > 1}: a vector, not a scalar) that the {@code op}
     * nodes among {@code nodes} take, in node and input order: a decomposed norm's scale (Mul) or shift (Add).
     */
    public List<String> constantOperands(List<NodeProto> nodes, String op, long size) {
        List<String> found = new ArrayList<>();
        for (NodeProto node : nodes) {
            if (!node.getOpType().equals(op)) {
                continue;
            }
            for (String in : node.getInputList()) {
                if (isConstant(in) && size(in) == size && size > 1) {
                    found.add(in);
                }
            }
        }
        return found;
    }

    /**
     * The constant scalar that an Add producing {@code value} adds (a decomposed norm's epsilon, added to the
     * variance before its Sqrt); NaN when {@code value} is not an Add's output or the Add has no constant scalar.
     */
    public float addedScalar(String value) {
        NodeProto add = producer(value);
        if (add != null && add.getOpType().equals("Add")) {
            for (String in : add.getInputList()) {
                if (isConstant(in) && size(in) == 1) {
                    return floats(in)[0];
                }
            }
        }
        return Float.NaN;
    }

    /** True when the constant {@code value} is an integer one holding 0, 1, ..., k - 1 (position ids from 0). */
    public boolean isRangeFromZero(String value) {
        long[] v = longs(value);
        if (v == null) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** True when the constant {@code value} is an integer one holding the one number {@code expected} (a Range's start or step). */
    public boolean isScalar(String value, long expected) {
        long[] v = longs(value);
        return v != null && v.length == 1 && v[0] == expected;
    }

    /** True when {@code value} is an initializer, a Constant node's output or an Identity of one. */
    public boolean isConstant(String value) {
        return constants.containsKey(value);
    }

    /** Number of elements of a constant. */
    public long size(String value) {
        long count = 1;
        for (long d : constant(value).getDimsList()) {
            count *= d;
        }
        return count;
    }

    /** The shape of a constant. */
    public List<Long> dims(String value) {
        return constant(value).getDimsList();
    }

    /** The stored tensor of a constant; {@link IllegalStateException} when {@code value} is not one. */
    public TensorProto constant(String value) {
        TensorProto t = constants.get(value);
        if (t == null) {
            throw new IllegalStateException(value + " is not a constant");
        }
        return t;
    }

    /** The float values of a constant, decoded from raw (little-endian) or typed storage. */
    public float[] floats(String value) {
        TensorProto t = constant(value);
        checkStoredInside(t, value);
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new ModelLoadException("unsupported ONNX model: " + source + ": tensor " + value + " has data type "
                    + dataTypeName(t.getDataType()) + ", only FLOAT weights are supported");
        }
        int count = Math.toIntExact(size(value));
        float[] out = new float[count];
        if (!t.getRawData().isEmpty()) {
            requireBytes(t, value, (long) count * Float.BYTES);
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        } else {
            requireCount(t.getFloatDataCount(), count, value);
            for (int i = 0; i < count; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    /** The integer values of an INT64 or INT32 constant. */
    public long[] longs(String value) {
        TensorProto t = constant(value);
        checkStoredInside(t, value);
        int count = Math.toIntExact(size(value));
        long[] out = new long[count];
        int type = t.getDataType();
        if (type == TensorProto.DataType.INT64_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, value, (long) count * Long.BYTES);
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            } else {
                requireCount(t.getInt64DataCount(), count, value);
                for (int i = 0; i < count; i++) {
                    out[i] = t.getInt64Data(i);
                }
            }
        } else if (type == TensorProto.DataType.INT32_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, value, (long) count * Integer.BYTES);
                var ints = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = ints.get(i);
                }
            } else {
                requireCount(t.getInt32DataCount(), count, value);
                for (int i = 0; i < count; i++) {
                    out[i] = t.getInt32Data(i);
                }
            }
        } else {
            return null;
        }
        return out;
    }

    private void checkStoredInside(TensorProto t, String value) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new ModelLoadException("unsupported ONNX model: " + source + ": tensor " + value
                    + " is stored in an external data file; export the model with its weights inside the .onnx file");
        }
    }

    private void requireBytes(TensorProto t, String value, long expected) {
        if (t.getRawData().size() != expected) {
            throw new ModelLoadException("corrupt ONNX model: " + source + ": tensor " + value + " has " + t.getRawData().size()
                    + " bytes for shape " + t.getDimsList());
        }
    }

    private void requireCount(int actual, int expected, String value) {
        if (actual != expected) {
            throw new ModelLoadException("corrupt ONNX model: " + source + ": tensor " + value + " has " + actual
                    + " values, its shape says " + expected);
        }
    }

    private static String dataTypeName(int type) {
        TensorProto.DataType dt = TensorProto.DataType.forNumber(type);
        return dt == null ? String.valueOf(type) : dt.name();
    }

    /** The tensor a Constant node outputs, from whichever value attribute it uses; null if none is understood. */
    private static TensorProto constantNodeValue(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return a.getT();
                case "value_float":
                    return TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF()).build();
                case "value_floats":
                    return TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
                            .addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList()).build();
                case "value_int":
                    return TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(a.getI()).build();
                case "value_ints":
                    return TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                            .addDims(a.getIntsCount()).addAllInt64Data(a.getIntsList()).build();
                default:
                    break;
            }
        }
        return null;
    }

    /** An attribute of a node, or null. */
    public static AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
