package org.attentionlab.runners.config;

/**
 * Which model is the reference: a built-in one by name, or a user export by path.
 *
 * @param model     built-in model name (default {@code all-minilm-l6-v2} when neither form is given)
 * @param onnx      path of a user ONNX export of a BERT-family encoder
 * @param tokenizer path of its tokenizer.json
 * @param positions the position extension, or null to run the export as shipped
 */
public record ReferenceSpec(String model, String onnx, String tokenizer, PositionsSpec positions) {

    public ReferenceSpec(String model, String onnx, String tokenizer) {
        this(model, onnx, tokenizer, null);
    }

    public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

    public static ReferenceSpec defaults() {
        return new ReferenceSpec(DEFAULT_MODEL, null, null);
    }

    public boolean isBuiltIn() {
        return onnx == null;
    }

    /** The same user export read from other paths (where another machine has the files); every other setting kept. */
    public ReferenceSpec withFiles(String otherOnnx, String otherTokenizer) {
        return new ReferenceSpec(model, otherOnnx, otherTokenizer, positions);
    }

    /** The name reports show: the built-in name or the ONNX path. */
    public String displayName() {
        String base = isBuiltIn() ? model : onnx;
        return positions == null ? base
                : base + " (positions extended to " + positions.extendTo() + " by " + positions.method() + ")";
    }
}
