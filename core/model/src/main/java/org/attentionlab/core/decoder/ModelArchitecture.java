package org.attentionlab.core.decoder;

import java.util.regex.Pattern;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.InvalidProtocolBufferException;
import org.attentionlab.core.model.ModelLoadException;

/**
 * The families of export this project reads, as detected from the graph: a BERT-family encoder (by its
 * exporter's module names, as {@link org.attentionlab.core.model.OnnxBertReader} reads it), or a causal LM
 * told apart by its position scheme (see {@link DecoderGraphReader}): learned absolute positions (GPT-2)
 * or rotary positions (Llama and the models sharing its layout).
 */
public enum ModelArchitecture {
    /** A BERT-family encoder: learned positions, post-norm layers, exact GELU, no causal mask. */
    BERT,
    /** GPT2LMHeadModel's layout: learned positions, pre-norm LayerNorm, gelu_new, fused c_attn. */
    GPT2,
    /** LlamaForCausalLM's layout: RoPE in rotate_half form, RMSNorm, SwiGLU, grouped-query attention. */
    LLAMA;

    private static final Pattern BERT_ANCHOR = Pattern.compile(".*/encoder/layer\\.\\d+/attention/self/query/MatMul");

    /** The name results.json and the reports use: {@code bert}, {@code gpt2}, {@code llama}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the causal language models. */
    public boolean isDecoder() {
        return this != BERT;
    }

    /**
     * Detects the family of an export.
     *
     * @throws ModelLoadException when the bytes are not ONNX, or the graph is neither a BERT-family encoder nor
     *                            a causal LM the decoder reader can walk (the message names the first unexpected
     *                            op and its node)
     */
    public static ModelArchitecture detect(byte[] onnxBytes, String sourceName) {
        ModelProto model = DecoderGraphReader.parse(onnxBytes, sourceName);
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (BERT_ANCHOR.matcher(node.getName()).matches()) {
                return BERT;
            }
        }
        return DecoderGraphReader.read(model, sourceName).config().architecture();
    }

    static ModelProto parseOrThrow(byte[] bytes, String source) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException("not an ONNX model: " + source + " (" + e.getMessage().lines().findFirst().orElse("unreadable protobuf") + ")", e);
        }
    }
}
