package org.attentionlab.core.model;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Where an ONNX export keeps its learned absolute positions, found by walking the graph rather than
 * trusting tensor names: among the Gathers that read rows of a constant 2-D float table, the one
 * whose indices, followed back through shape-only operators (Slice, Unsqueeze, Expand, ...), come
 * from 0..K-1: a constant (an initializer or a Constant node) or a {@code Range(0, n, 1)}.
 *
 * @param gather      the Gather node that reads the table
 * @param table       the value name of the table (an initializer or a Constant node's output)
 * @param rows        learned positions P
 * @param width       hidden width
 * @param idsSource   the value name of the constant ids 0..K-1 the Gather's indices are cut from, or
 *                    null when the graph computes them with a Range (then any length works already)
 * @param idsProducer how the ids are made, for messages: {@code initializer}, {@code Constant node} or {@code Range}
 */
public record PositionTable(String gather, String table, int rows, int width, String idsSource, String idsProducer) {

    /** Operators that pass position ids through unchanged in value (only shape or type). */
    private static final List<String> PASS_THROUGH = List.of("Unsqueeze", "Squeeze", "Expand", "Cast", "Identity", "Slice", "Reshape");

    /**
     * Finds the position table of a graph.
     *
     * @throws ModelLoadException with one line naming what was found, when there is no learned absolute position table
     */
    static PositionTable locate(GraphProto proto, String source) {
        OnnxGraph graph = new OnnxGraph(proto, source);
        List<PositionTable> found = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            if (!node.getOpType().equals("Gather") || node.getInputCount() < 2) {
                continue;
            }
            AttributeAxis axis = AttributeAxis.of(node);
            String table = node.getInput(0);
            if (!axis.isZero() || !graph.isConstant(table) || graph.dims(table).size() != 2
                    || graph.constant(table).getDataType() != ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                continue;
            }
            int rows = Math.toIntExact(graph.dims(table).get(0));
            int width = Math.toIntExact(graph.dims(table).get(1));
            Trace trace = traceIds(graph, node.getInput(1));
            if (trace.isPositions()) {
                found.add(new PositionTable(node.getName(), table, rows, width, trace.constant(), trace.producer()));
            } else {
                seen.add(table + " [" + rows + " x " + width + "] indexed by " + trace.producer());
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            throw new ModelLoadException("cannot extend the positions of " + source + ": " + found.size()
                    + " tables are indexed by positions 0..n-1 (" + found.stream().map(PositionTable::table).toList() + ")");
        }
        throw new ModelLoadException("cannot extend the positions of " + source + ": no learned absolute position table (found "
                + (seen.isEmpty() ? "no Gather of a constant table" : String.join("; ", seen)) + ")");
    }

    private record AttributeAxis(long axis) {
        static AttributeAxis of(NodeProto node) {
            var a = OnnxGraph.attribute(node, "axis");
            return new AttributeAxis(a == null ? 0 : a.getI());
        }

        boolean isZero() {
            return axis == 0;
        }
    }

    /** Where a Gather's indices come from: positions 0..K-1 ({@code constant} set, or a Range) or something else. */
    private record Trace(boolean isPositions, String constant, String producer) {
    }

    private static Trace traceIds(OnnxGraph graph, String ids) {
        for (int hops = 0; hops < 16; hops++) {
            if (graph.isConstant(ids)) {
                String kind = graph.producer(ids) == null ? "initializer " + ids : "Constant node " + graph.producer(ids).getName();
                if (graph.isRangeFromZero(ids) && graph.size(ids) > 1) {
                    return new Trace(true, ids, graph.producer(ids) == null ? "initializer" : "Constant node");
                }
                return new Trace(false, null, "the constant " + kind);
            }
            NodeProto p = graph.producer(ids);
            if (p == null) {
                // a causal LM's position_ids input (optimum): the references feed it 0..n-1 (past..past+n-1 when decoding)
                return ids.equals("position_ids") ? new Trace(true, null, "the position_ids input")
                        : new Trace(false, null, "the graph input " + ids);
            }
            if (PASS_THROUGH.contains(p.getOpType())) {
                ids = p.getInput(0);
                continue;
            }
            if (p.getOpType().equals("Range") && p.getInputCount() == 3 && graph.isConstant(p.getInput(0)) && graph.isConstant(p.getInput(2))
                    && graph.isScalar(p.getInput(0), 0) && graph.isScalar(p.getInput(2), 1)) {
                return new Trace(true, null, "Range");
            }
            if (p.getOpType().equals("Range") && p.getInputCount() == 3 && !graph.isConstant(p.getInput(0)) && graph.isConstant(p.getInput(2))
                    && graph.isScalar(p.getInput(2), 1)) {
                // a decoder's Range(past, past + n, 1): positions from 0 on the first token, continuing while decoding
                return new Trace(true, null, "Range from the past length");
            }
            return new Trace(false, null, p.getOpType() + " " + p.getName() + " (not positions 0..n-1)");
        }
        return new Trace(false, null, "a chain of more than 16 operators");
    }
}
