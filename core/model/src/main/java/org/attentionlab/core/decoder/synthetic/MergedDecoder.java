package org.attentionlab.core.decoder.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Merges a no-past decoder and a with-past decoder of the same weights the way optimum's {@code merge_decoders}
 * does: the initializers move to the outer graph (deduplicated by name), each graph becomes a branch of one If on
 * the boolean input {@code use_cache_branch} (then: with past, else: without), and the outer graph takes the
 * with-past inputs and gives the with-past outputs.
 */
final class MergedDecoder {

    private MergedDecoder() {
    }

    static byte[] merge(GraphProto noPast, GraphProto withPast, int opset) {
        Map<String, TensorProto> shared = new LinkedHashMap<>();
        for (TensorProto t : withPast.getInitializerList()) {
            shared.putIfAbsent(t.getName(), t);
        }
        for (TensorProto t : noPast.getInitializerList()) {
            shared.putIfAbsent(t.getName(), t);
        }
        GraphProto thenBranch = branch(withPast, "then_branch");
        GraphProto elseBranch = branch(noPast, "else_branch");
        GraphProto.Builder outer = GraphProto.newBuilder().setName("merged_decoder");
        outer.addAllInitializer(shared.values());
        outer.addAllInput(withPast.getInputList());
        outer.addInput(ValueInfoProto.newBuilder().setName("use_cache_branch").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.BOOL_VALUE)
                        .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))))));
        outer.addAllOutput(withPast.getOutputList());
        NodeProto.Builder iff = NodeProto.newBuilder().setOpType("If").setName("optimum::if").addInput("use_cache_branch");
        for (ValueInfoProto out : withPast.getOutputList()) {
            iff.addOutput(out.getName());
        }
        iff.addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(thenBranch));
        iff.addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH).setG(elseBranch));
        outer.addNode(iff);
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("optimum")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(outer).build().toByteArray();
    }

    /** The graph's nodes with its outputs renamed (a branch may not output an outer graph's value name). */
    private static GraphProto branch(GraphProto graph, String name) {
        GraphProto.Builder b = GraphProto.newBuilder().setName(name);
        Map<String, String> renamed = new LinkedHashMap<>();
        for (ValueInfoProto out : graph.getOutputList()) {
            renamed.put(out.getName(), name + "/" + out.getName());
            b.addOutput(out.toBuilder().setName(name + "/" + out.getName()));
        }
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder n = node.toBuilder();
            for (int i = 0; i < n.getOutputCount(); i++) {
                n.setOutput(i, renamed.getOrDefault(n.getOutput(i), n.getOutput(i)));
            }
            for (int i = 0; i < n.getInputCount(); i++) {
                n.setInput(i, renamed.getOrDefault(n.getInput(i), n.getInput(i)));
            }
            b.addNode(n);
        }
        return b.build();
    }
}
