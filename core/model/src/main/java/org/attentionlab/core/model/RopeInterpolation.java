package org.attentionlab.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.attentionlab.core.decoder.DecoderGraphReader;

/**
 * Position interpolation for RoPE models (Chen et al. 2023, transformers' linear RoPE scaling): positions are
 * multiplied by {@code trainedLength / extendTo}, so that a context of {@code extendTo} tokens turns through the
 * angles the model saw in training. The factor is folded into the export's inverse-frequency constant (found by
 * {@link DecoderGraphReader}, whatever its name: {@code angle = inv_freq * position}, so scaling either is the
 * same product), and the rewritten export is stored in the positions cache folder as
 * {@code <source sha256>-rope-interpolate-<P>-<L>.onnx}; the Java decoder reads its weights from that file, so
 * both sides run one model.
 */
public final class RopeInterpolation {

    private RopeInterpolation() {
    }

    /** The factor on positions, {@code P / L} rounded to float once: both sides multiply by this value. */
    public static float factor(int trainedLength, int extendTo) {
        return (float) ((double) trainedLength / extendTo);
    }

    /**
     * The export with its inverse frequencies multiplied by {@link #factor}.
     *
     * @throws ModelLoadException when the export has no RoPE, or {@code extendTo} does not exceed {@code trainedLength}
     */
    public static byte[] rewrite(byte[] onnx, String source, int trainedLength, int extendTo) {
        if (trainedLength < 1 || extendTo <= trainedLength) {
            throw new ModelLoadException("positions.extendTo " + extendTo + " must exceed positions.trainedLength " + trainedLength);
        }
        var weights = DecoderGraphReader.read(onnx, source);
        if (weights.rope() == null) {
            throw new ModelLoadException("positions.trainedLength applies to RoPE models; " + source
                    + " has a learned position table (extend it with positions.extendTo and method copy or interpolate)");
        }
        if (weights.rope().fromTables()) {
            throw new ModelLoadException("positions: { method: interpolate } cannot rewrite " + source + ": its rotary positions are constant "
                    + "cos/sin tables of " + weights.rope().tableRows() + " rows (an export of transformers < 4.38), not inverse frequencies to scale");
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException("not an ONNX model: " + source);
        }
        OnnxGraph graph = new OnnxGraph(model.getGraph(), source);
        String name = weights.sources().get("rope.inv_freq");
        // an Identity of a constant carries its value: rewrite the constant itself
        for (NodeProto p = graph.producer(name); p != null && p.getOpType().equals("Identity"); p = graph.producer(name)) {
            name = p.getInput(0);
        }
        float[] inv = graph.floats(name);
        float f = factor(trainedLength, extendTo);
        ByteBuffer raw = ByteBuffer.allocate(inv.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : inv) {
            raw.putFloat(v * f);
        }
        TensorProto old = graph.constant(name);
        TensorProto scaled = TensorProto.newBuilder().setName(old.getName()).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(old.getDimsList()).setRawData(ByteString.copyFrom(raw.array())).build();
        GraphProto.Builder g = model.getGraph().toBuilder();
        PositionTableRewriter.replaceConstant(g, name, scaled);
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    /** A rewritten export in the cache folder; {@code notice}: one line when a damaged entry was rebuilt, else null. */
    record Cached(byte[] bytes, Path file, String sha256, boolean reused, String notice) {
    }

    /** The interpolated export, kept in the cache folder with its SHA-256 like every extended export (see {@link ExtendedExportCache}). */
    static Cached cached(byte[] onnx, String source, int trainedLength, int extendTo, Path folder) {
        String key = ExtendedExportCache.sha256(onnx) + "-rope-interpolate-" + trainedLength + "-" + extendTo + ".onnx";
        ExtendedExportCache.Stored s = new ExtendedExportCache(folder).stored(key, cached -> {
            DecoderGraphReader.read(cached, key);
            return null;
        }, () -> rewrite(onnx, source, trainedLength, extendTo));
        return new Cached(s.bytes(), s.file(), s.sha256(), s.reused(), s.notice());
    }
}
