package org.attentionlab.runners.config;

/**
 * Run the reference model past its learned positions: {@code reference: { model: ..., positions:
 * { extendTo: 4096, method: copy } }}. The export is rewritten with its position table stretched by
 * the method and kept in a cache folder; the Java encoder and ONNX Runtime both run the rewritten one.
 *
 * @param extendTo the new number of positions (above the model's own, at most 65536)
 * @param method   {@code copy} (the default), {@code group} or {@code interpolate}
 * @param cache    folder for rewritten exports; null for {@code ~/.cache/attention-lab/extended}
 * @param trainedLength a RoPE model's trained context P: with {@code method: interpolate}, position ids are
 *                 scaled by P / extendTo (position interpolation); required for RoPE, refused for a learned table
 */
public record PositionsSpec(Integer extendTo, String method, String cache, Integer trainedLength) {

    public PositionsSpec(Integer extendTo, String method, String cache) {
        this(extendTo, method, cache, null);
    }

    public static final String DEFAULT_METHOD = "copy";
}
