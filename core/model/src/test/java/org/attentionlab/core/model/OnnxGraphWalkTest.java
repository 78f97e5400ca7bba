package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The walks both graph readers take ({@link OnnxGraph#ancestors} and the rest), on a graph shaped as exporters
 * write a reshape of a hidden state: its values flow {@code x -> Mul -> Reshape -> Relu}, its shape flows
 * {@code x -> Shape -> Gather -> Concat -> Reshape}; a decomposed norm's tail {@code var + eps -> Sqrt}, {@code * gamma
 * + beta}.
 */
class OnnxGraphWalkTest {

    private static NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    private static TensorProto floats(String name, double... values) {
        return constant(name, TensorProto.DataType.FLOAT_VALUE, values);
    }

    private static TensorProto longs(String name, double... values) {
        return constant(name, TensorProto.DataType.INT64_VALUE, values);
    }

    /** A constant as exporters store small ones: typed data, no dims for a scalar. */
    private static TensorProto constant(String name, int type, double... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        if (values.length != 1) {
            t.addDims(values.length);
        }
        for (double v : values) {
            if (type == TensorProto.DataType.FLOAT_VALUE) {
                t.addFloatData((float) v);
            } else {
                t.addInt64Data((long) v);
            }
        }
        return t.build();
    }

    private static final OnnxGraph GRAPH = new OnnxGraph(GraphProto.newBuilder()
            .addInput(ValueInfoProto.newBuilder().setName("x"))
            .addInput(ValueInfoProto.newBuilder().setName("var"))
            .addInitializer(floats("w", 1, 2, 3, 4))
            .addInitializer(floats("two", 2))
            .addInitializer(floats("eps", 1e-5f))
            .addInitializer(floats("gamma", 1, 1, 1, 1))
            .addInitializer(floats("beta", 0, 0, 0, 0))
            .addNode(node("Mul", "/mul", List.of("x", "w"), "scaled"))
            .addNode(node("Shape", "/shape", List.of("x"), "x_shape"))
            .addNode(node("Gather", "/gather", List.of("x_shape", "two"), "dim"))
            .addNode(node("Concat", "/concat", List.of("dim", "two"), "new_shape"))
            .addNode(node("Reshape", "/reshape", List.of("scaled", "new_shape"), "reshaped"))
            .addNode(node("Relu", "/relu", List.of("reshaped"), "out"))
            .addNode(node("Add", "/add_eps", List.of("var", "eps"), "var_eps"))
            .addNode(node("Sqrt", "/sqrt", List.of("var_eps"), "std"))
            .addNode(node("Mul", "/scale", List.of("std", "gamma"), "normed"))
            .addNode(node("Add", "/shift", List.of("normed", "beta"), "shifted"))
            .build(), "walk.onnx");

    private static Set<String> names(Set<NodeProto> nodes) {
        return nodes.stream().map(NodeProto::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void ancestorsFollowShapesAndValueAncestorsStopAtThem() {
        assertEquals(Set.of("/mul", "/shape", "/gather", "/concat", "/reshape", "/relu"), names(GRAPH.ancestors("out", null)));
        assertEquals(Set.of("/mul", "/shape", "/gather", "/concat", "/reshape", "/relu"), names(GRAPH.valueAncestors("out", null)),
                "the Shape is reached; x is behind it, and x has no producer here");
        assertEquals(Set.of("/shape", "/gather", "/concat"), names(GRAPH.ancestors("new_shape", null)));
        assertEquals(Set.of("/shape", "/gather", "/concat"), names(GRAPH.valueAncestors("new_shape", null)));
        assertEquals(Set.of("/relu", "/reshape"), names(GRAPH.ancestors("out", Set.of(GRAPH.producer("out"), GRAPH.producer("reshaped")))),
                "within a limit: nothing outside it, nor past it");
    }

    @Test
    void valueAncestorsDoNotGoBehindAShape() {
        OnnxGraph chained = new OnnxGraph(GraphProto.newBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addNode(node("Relu", "/relu", List.of("x"), "y"))
                .addNode(node("Shape", "/shape", List.of("y"), "y_shape"))
                .addNode(node("Reshape", "/reshape", List.of("y", "y_shape"), "z"))
                .build(), "chain.onnx");
        assertEquals(Set.of("/relu", "/shape"), names(chained.ancestors("y_shape", null)));
        assertEquals(Set.of("/shape"), names(chained.valueAncestors("y_shape", null)));
        assertEquals(Set.of("/relu", "/shape", "/reshape"), names(chained.valueAncestors("z", null)), "y reached by its value");
    }

    @Test
    void descendantsGoThroughShapesAndValueDescendantsSkipThem() {
        assertEquals(Set.of("/mul", "/shape", "/gather", "/concat", "/reshape", "/relu"), names(GRAPH.descendants("x", null)));
        assertEquals(Set.of("/mul", "/reshape", "/relu"), names(GRAPH.valueDescendants("x", null)));
        assertEquals(Set.of("/mul"), names(GRAPH.descendants("x", Set.of(GRAPH.producer("scaled")))));
        assertTrue(GRAPH.descendants("out", null).isEmpty());
    }

    @Test
    void aDecomposedNormsOperandsAndEpsilon() {
        List<NodeProto> tail = List.of(GRAPH.producer("var_eps"), GRAPH.producer("std"), GRAPH.producer("normed"), GRAPH.producer("shifted"));
        assertEquals(List.of("gamma"), GRAPH.constantOperands(tail, "Mul", 4));
        assertEquals(List.of("beta"), GRAPH.constantOperands(tail, "Add", 4), "the scalar eps is not a 4-value operand");
        assertEquals(List.of(), GRAPH.constantOperands(tail, "Mul", 3));
        assertEquals(List.of("w", "gamma"), GRAPH.constantOperands(List.of(GRAPH.producer("scaled"), GRAPH.producer("normed")), "Mul", 4),
                "in node order");
        assertEquals(1e-5f, GRAPH.addedScalar("var_eps"));
        assertTrue(Float.isNaN(GRAPH.addedScalar("std")), "a Sqrt's output is not an Add's");
        assertTrue(Float.isNaN(GRAPH.addedScalar("shifted")), "an Add of a vector adds no scalar");
        assertTrue(Float.isNaN(GRAPH.addedScalar("x")), "a graph input has no producer");
    }

    @Test
    void positionIdConstants() {
        OnnxGraph constants = new OnnxGraph(GraphProto.newBuilder()
                .addInitializer(longs("range", 0, 1, 2, 3))
                .addInitializer(longs("shifted", 2, 3, 4, 5))
                .addInitializer(longs("zero", 0))
                .addInitializer(longs("one", 1))
                .addInitializer(floats("float_range", 0, 1, 2, 3))
                .build(), "constants.onnx");
        assertTrue(constants.isRangeFromZero("range"));
        assertTrue(constants.isRangeFromZero("zero"), "one position: 0");
        assertFalse(constants.isRangeFromZero("shifted"), "RoBERTa's offset positions");
        assertFalse(constants.isRangeFromZero("float_range"), "not integers");
        assertTrue(constants.isScalar("zero", 0));
        assertTrue(constants.isScalar("one", 1));
        assertFalse(constants.isScalar("one", 0));
        assertFalse(constants.isScalar("range", 0), "four values are no scalar");
        assertFalse(constants.isScalar("float_range", 0));
    }

    @Test
    void consumersThroughPassThroughOpsReadingTheValueAsTheirData() {
        OnnxGraph ids = new OnnxGraph(GraphProto.newBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("ids"))
                .addInput(ValueInfoProto.newBuilder().setName("data"))
                .addInitializer(floats("table", 1, 2, 3, 4))
                .addNode(node("Cast", "/cast", List.of("ids"), "ids_cast"))
                .addNode(node("Identity", "/identity", List.of("ids"), "ids_same"))
                .addNode(node("Reshape", "/reshape", List.of("data", "ids"), "reshaped"))
                .addNode(node("Gather", "/gather", List.of("table", "ids_cast"), "rows"))
                .addNode(node("Add", "/add", List.of("ids_same", "rows"), "sum"))
                .build(), "ids.onnx");
        assertEquals(List.of("/reshape", "/gather", "/add"),
                ids.consumersThrough("ids", Set.of("Cast", "Identity", "Reshape")).stream().map(NodeProto::getName).toList(),
                "a Reshape that reads ids as its shape is a consumer, not a way through");
        assertEquals(List.of("/cast", "/identity", "/reshape"),
                ids.consumersThrough("ids", Set.of()).stream().map(NodeProto::getName).toList());
        assertEquals(List.of(), ids.consumersThrough("sum", Set.of("Cast")));
    }
}
