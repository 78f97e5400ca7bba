package org.attentionlab.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.attentionlab.core.text.Sha256;
import org.attentionlab.core.text.TextTokenizer;

/**
 * Where a model's ONNX export and its tokenizer.json come from: a built-in model shipped in a Maven
 * artifact on the classpath, or two user files. The ONNX bytes are read on first use and kept.
 */
public final class ModelSource {

    /** The model used when an experiment names none. */
    public static final String DEFAULT = "all-minilm-l6-v2";

    // name -> classpath resource base (the langchain4j embedding jars ship NAME.onnx and NAME-tokenizer.json)
    private static final Map<String, String> BUILT_IN = Map.of(
            "all-minilm-l6-v2", "/all-minilm-l6-v2",
            "e5-small-v2", "/e5-small-v2");
    private static final List<String> BUILT_IN_NAMES = List.of("all-minilm-l6-v2", "e5-small-v2");

    private final String name;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Path onnxPath;
    private final Path tokenizerPath;
    private final ExtendedPositions positions;
    private volatile byte[] onnxBytes;
    private volatile org.attentionlab.core.decoder.ModelArchitecture architecture;

    private ModelSource(String name, String onnxResource, String tokenizerResource, Path onnxPath, Path tokenizerPath) {
        this(name, onnxResource, tokenizerResource, onnxPath, tokenizerPath, null, null);
    }

    private ModelSource(String name, String onnxResource, String tokenizerResource, Path onnxPath, Path tokenizerPath,
                        ExtendedPositions positions, byte[] onnxBytes) {
        this.name = name;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.onnxPath = onnxPath;
        this.tokenizerPath = tokenizerPath;
        this.positions = positions;
        this.onnxBytes = onnxBytes;
    }

    /** The names {@link #builtIn} accepts, the default first. */
    public static List<String> builtInNames() {
        return BUILT_IN_NAMES;
    }

    /**
     * A built-in model by name.
     *
     * @throws ModelLoadException for an unknown name (listing the known ones) or a missing artifact
     */
    public static ModelSource builtIn(String name) {
        if (name.equals(org.attentionlab.core.decoder.synthetic.SyntheticGpt2.NAME)) {
            return syntheticGpt2(org.attentionlab.core.decoder.synthetic.SyntheticGpt2.defaultFolder());
        }
        if (name.equals(org.attentionlab.core.decoder.synthetic.InductionHead.NAME)) {
            return inductionHead(org.attentionlab.core.decoder.synthetic.InductionHead.defaultFolder());
        }
        String base = BUILT_IN.get(name);
        if (base == null) {
            throw new ModelLoadException("unknown built-in model '" + name + "'; known: " + String.join(", ", BUILT_IN_NAMES));
        }
        if (ModelSource.class.getResource(base + ".onnx") == null) {
            throw new ModelLoadException("built-in model " + name + " is not on the classpath (resource " + base + ".onnx)");
        }
        return new ModelSource(name, base + ".onnx", base + "-tokenizer.json", null, null);
    }

    /**
     * The decoder quickstart's synthetic GPT-2 export and tokenizer ({@link
     * org.attentionlab.core.decoder.synthetic.SyntheticGpt2}), written into {@code cacheFolder} on first use; named
     * {@code synthetic-gpt2}.
     */
    public static ModelSource syntheticGpt2(Path cacheFolder) {
        var files = org.attentionlab.core.decoder.synthetic.SyntheticGpt2.ensure(cacheFolder);
        return new ModelSource(org.attentionlab.core.decoder.synthetic.SyntheticGpt2.NAME, null, null, files.onnx(), files.tokenizer());
    }

    /**
     * The induction-head decoder ({@link org.attentionlab.core.decoder.synthetic.InductionHead}: derived weights whose
     * right answers are known) and its byte-level tokenizer, written into {@code cacheFolder} on first use; named
     * {@code induction-head}.
     */
    public static ModelSource inductionHead(Path cacheFolder) {
        var files = org.attentionlab.core.decoder.synthetic.InductionHead.ensure(cacheFolder);
        return new ModelSource(org.attentionlab.core.decoder.synthetic.InductionHead.NAME, null, null, files.onnx(), files.tokenizer());
    }

    /**
     * A user export and its tokenizer.json. Both files must exist now, so a bad path is reported
     * before anything runs. The tokenizer may be null: a causal language model run on token ids has none.
     */
    public static ModelSource files(Path onnx, Path tokenizer) {
        requireRegular(onnx, "onnx model");
        if (tokenizer != null) {
            requireRegular(tokenizer, "tokenizer");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new ModelLoadException("onnx model not found: " + onnx);
        }
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new ModelLoadException("tokenizer not found: " + tokenizer);
        }
        return new ModelSource(onnx.toString(), null, null, onnx, tokenizer);
    }

    private static void requireRegular(Path file, String what) {
        String problem = InputFiles.notRegular(file, what);
        if (problem != null) {
            throw new ModelLoadException(problem);
        }
    }

    /**
     * This model with its position table stretched to {@code extension.extendTo()} rows: the export
     * is rewritten (or found in {@code cacheFolder}, see {@link ExtendedExportCache}) and both
     * {@link #onnxBytes} and {@link #weights} then come from the rewritten file, so the Java encoder
     * and ONNX Runtime run the same extended model. The tokenizer is unchanged.
     *
     * @throws ModelLoadException if the export has no learned absolute position table, extendTo does
     *                            not exceed its rows, or the cache folder cannot be written
     */
    public ModelSource withPositions(PositionExtension extension, Path cacheFolder) {
        if (positions != null) {
            throw new IllegalStateException(name + " is already extended");
        }
        ExtendedExportCache.Entry entry = new ExtendedExportCache(cacheFolder).extended(onnxBytes(), name, extension);
        ExtendedPositions info = new ExtendedPositions(entry.table().rows(), extension.method(), extension.extendTo(),
                entry.file(), entry.sha256(), entry.reused(), entry.notice());
        return new ModelSource(name, onnxResource, tokenizerResource, onnxPath, tokenizerPath, info, entry.onnxBytes());
    }

    /**
     * This RoPE model with position interpolation: positions scaled by {@code trainedLength / extendTo} (see
     * {@link RopeInterpolation}); the export is rewritten (or found in {@code cacheFolder}) and both
     * {@link #onnxBytes} and {@link #decoderWeights} then come from the rewritten file. {@link #positions()}
     * reports {@code sourceRows = trainedLength}, method interpolate.
     *
     * @throws ModelLoadException when the model has no RoPE, extendTo does not exceed trainedLength, or the folder
     *                            cannot be written
     */
    public ModelSource withRopeInterpolation(int trainedLength, int extendTo, Path cacheFolder) {
        if (positions != null) {
            throw new IllegalStateException(name + " is already extended");
        }
        RopeInterpolation.Cached c = RopeInterpolation.cached(onnxBytes(), name, trainedLength, extendTo, cacheFolder);
        ExtendedPositions info = new ExtendedPositions(trainedLength, PositionMethod.INTERPOLATE, extendTo, c.file(), c.sha256(), c.reused(),
                c.notice());
        return new ModelSource(name, onnxResource, tokenizerResource, onnxPath, tokenizerPath, info, c.bytes());
    }

    /** The position extension this model runs with, or null for the export as shipped. */
    public ExtendedPositions positions() {
        return positions;
    }

    /** The built-in name, or the ONNX file's path. */
    public String name() {
        return name;
    }

    public boolean isBuiltIn() {
        return onnxPath == null;
    }

    /** The ONNX file's bytes, read once. */
    public byte[] onnxBytes() {
        byte[] bytes = onnxBytes;
        if (bytes == null) {
            synchronized (this) {
                bytes = onnxBytes;
                if (bytes == null) {
                    bytes = readOnnx();
                    onnxBytes = bytes;
                }
            }
        }
        return bytes;
    }

    /** Parses the export's weights (see {@link OnnxBertReader}). */
    public BertWeights weights() {
        return OnnxBertReader.read(onnxBytes(), name);
    }

    /**
     * The family of this export, detected from its graph (a BERT-family encoder, or a GPT-2 or Llama-family
     * causal LM); computed once.
     *
     * @throws ModelLoadException when the graph is none of them (one line naming the first unexpected op and node)
     */
    public org.attentionlab.core.decoder.ModelArchitecture architecture() {
        org.attentionlab.core.decoder.ModelArchitecture a = architecture;
        if (a == null) {
            a = org.attentionlab.core.decoder.ModelArchitecture.detect(onnxBytes(), name);
            architecture = a;
        }
        return a;
    }

    /** Parses a causal LM's weights (see {@link org.attentionlab.core.decoder.DecoderGraphReader}). */
    public org.attentionlab.core.decoder.DecoderWeights decoderWeights() {
        return org.attentionlab.core.decoder.DecoderGraphReader.read(onnxBytes(), name);
    }

    /** A new tokenizer for this model; the caller closes it. */
    public TextTokenizer tokenizer() {
        if (tokenizerPath != null) {
            return TextTokenizer.fromFile(tokenizerPath);
        }
        try (InputStream in = ModelSource.class.getResourceAsStream(tokenizerResource)) {
            if (in == null) {
                throw new ModelLoadException("tokenizer not found: classpath " + tokenizerResource);
            }
            return TextTokenizer.load(in, "classpath " + tokenizerResource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SHA-256 of the ONNX export as the user gave it (the file, or the built-in resource; not a rewritten
     * extension of it): what a run records so that a resume can tell the file changed behind its path.
     */
    public String onnxSha256() {
        return Sha256.of(positions == null ? onnxBytes() : readOnnx());
    }

    /** SHA-256 of the tokenizer.json (the file, or the built-in resource). */
    public String tokenizerSha256() {
        if (tokenizerPath != null) {
            try {
                return Sha256.of(Files.readAllBytes(tokenizerPath));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read tokenizer: " + tokenizerPath + " (" + e.getMessage() + ")", e);
            }
        }
        try (InputStream in = ModelSource.class.getResourceAsStream(tokenizerResource)) {
            if (in == null) {
                throw new ModelLoadException("tokenizer not found: classpath " + tokenizerResource);
            }
            return Sha256.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the tokenizer comes from: its path, or the built-in resource. */
    public String tokenizerName() {
        return tokenizerPath != null ? tokenizerPath.toString() : "classpath " + tokenizerResource;
    }

    private byte[] readOnnx() {
        if (onnxPath != null) {
            try {
                return Files.readAllBytes(onnxPath);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ModelLoadException("onnx model not found: " + onnxPath, e);
            } catch (IOException e) {
                throw new ModelLoadException("cannot read onnx model: " + onnxPath + " (" + e.getMessage() + ")", e);
            }
        }
        try (InputStream in = ModelSource.class.getResourceAsStream(onnxResource)) {
            if (in == null) {
                throw new ModelLoadException("onnx model not found: classpath " + onnxResource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read built-in model " + name + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return positions == null ? name : name + " (positions extended to " + positions.extendTo() + " by " + positions.method().configName() + ")";
    }
}
