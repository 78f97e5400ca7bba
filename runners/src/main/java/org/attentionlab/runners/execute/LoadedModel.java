package org.attentionlab.runners.execute;

import org.attentionlab.core.model.ExtendedExportCache;
import org.attentionlab.core.model.ExtendedPositions;
import org.attentionlab.core.model.PositionExtension;
import org.attentionlab.core.model.PositionMethod;
import org.attentionlab.runners.config.PositionsSpec;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.BertWeights;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.runners.results.InputFile;
import org.attentionlab.core.text.CorpusSample;
import org.attentionlab.core.text.TextTokenizer;
import org.attentionlab.runners.config.ConfigException;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.tasks.Prefixes;
import org.attentionlab.runners.tasks.TaskInputs;

/**
 * The reference model of an experiment, loaded: weights for Java, a session for ONNX Runtime, text. A causal
 * language model (detected from the export's graph) is held as a {@link LoadedDecoder} instead: {@link #decoder}
 * is then set and the encoder's accessors ({@link #shape}, {@link #weights}, {@link #tokenizer}, {@link #corpus},
 * {@link #documents}, {@link #reference}) do not apply.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelSource source;
    /** The export as shipped (the same as {@link #source} unless positions are extended): the truncation baseline's model. */
    private final ModelSource shipped;
    private final Prefixes prefixes;
    private final BertWeights weights;
    private final TextTokenizer tokenizer;
    private final Corpus corpus;
    private final LoadedDecoder decoder;
    private final java.util.Map<String, CorpusSample> samples = new java.util.HashMap<>();
    private OnnxReference reference;
    private OnnxReference truncationReference;
    private TaskInputs tasks;

    private LoadedModel(ModelSource source, ModelSource shipped, Prefixes prefixes, BertWeights weights, TextTokenizer tokenizer, Corpus corpus,
                        LoadedDecoder decoder) {
        this.source = source;
        this.shipped = shipped;
        this.prefixes = prefixes;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.corpus = corpus;
        this.decoder = decoder;
    }

    /**
     * Reads the model, tokenizer and corpus; no ONNX Runtime session yet (see {@link #reference}). A causal language
     * model is detected from the graph and loaded as a {@link LoadedDecoder}.
     */
    public static LoadedModel open(ExperimentConfig config) {
        ReferenceSpec r = config.reference();
        ModelSource source = r.isBuiltIn() ? ModelSource.builtIn(r.model())
                : ModelSource.files(Path.of(r.onnx()), r.tokenizer() == null ? null : Path.of(r.tokenizer()));
        ModelSource shipped = source;
        boolean causal = !source.isBuiltIn() && source.architecture().isDecoder(); // the encoders on the classpath are BERT
        if (!causal && config.corpus().tokens() != null) {
            throw new ConfigException("'corpus.tokens' applies to causal language models; " + r.displayName()
                    + " is a BERT-family encoder (give text: corpus: { file: ... })");
        }
        PositionsSpec p = r.positions();
        if (p != null) {
            Path cache = p.cache() == null ? ExtendedExportCache.defaultFolder() : Path.of(p.cache());
            if (causal && source.decoderWeights().config().maxPositions() == 0) {
                // RoPE has no table to stretch: position interpolation, both sides on the rewritten export
                source = source.withRopeInterpolation(ropeTrainedLength(config, p, source), p.extendTo(), cache);
            } else {
                // both sides run the rewritten export: weights() and onnxBytes() now come from it
                source = source.withPositions(new PositionExtension(PositionMethod.fromName(p.method()), p.extendTo()), cache);
            }
        }
        if (causal) {
            return new LoadedModel(source, shipped, null, null, null, null, LoadedDecoder.open(config, source, CausalLms.open(source)));
        }
        BertWeights weights = source.weights();
        TextTokenizer tokenizer = source.tokenizer();
        CorpusSpec c = config.corpus();
        Corpus corpus = c.file() != null ? Corpus.file(Path.of(c.file())) : Corpus.europarlEnglish();
        return new LoadedModel(source, shipped, Prefixes.forModel(r.isBuiltIn() ? r.model() : r.onnx()), weights, tokenizer, corpus, null);
    }

    /**
     * A RoPE model has no position table to stretch: {@code extendTo} needs {@code trainedLength} and method
     * {@code interpolate} (position interpolation, Chen et al. 2023: positions scaled by trainedLength / extendTo).
     */
    private static int ropeTrainedLength(ExperimentConfig config, PositionsSpec p, ModelSource source) {
        String model = source.architecture().name() + " export " + config.reference().displayName();
        if (p.trainedLength() == null) {
            throw new ConfigException("'reference.positions.extendTo' on a RoPE model (" + model + ") needs 'trainedLength': the "
                    + "context it was trained on, e.g. positions: { method: interpolate, trainedLength: 2048, extendTo: " + p.extendTo() + " }");
        }
        if (!PositionMethod.INTERPOLATE.configName().equals(p.method())) {
            throw new ConfigException("'reference.positions.method' on a RoPE model (" + model + ") must be interpolate (position "
                    + "interpolation), got '" + p.method() + "'");
        }
        return p.trainedLength();
    }

    /** True when the export is a causal language model (see {@link #decoder}). */
    public boolean causal() {
        return decoder != null;
    }

    /** The causal language model and its documents; null for an encoder. */
    public LoadedDecoder decoder() {
        return decoder;
    }

    private void requireEncoder() {
        if (decoder != null) {
            throw new IllegalStateException(source.name() + " is a causal language model: its weights, tokenizer and documents are in decoder()");
        }
    }

    public BertConfig shape() {
        requireEncoder();
        return weights.config();
    }

    public BertWeights weights() {
        requireEncoder();
        return weights;
    }

    public String name() {
        return source.name();
    }

    /** SHA-256 of the ONNX file, in hex: what names this model on another JVM (an executor caches models by it). */
    public String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(source.onnxBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The position extension the model runs with, or null. */
    public ExtendedPositions positions() {
        return source.positions();
    }

    /** Size of the export ONNX Runtime loads, for memory estimates. */
    public long onnxByteCount() {
        return source.onnxBytes().length;
    }

    /** The ONNX Runtime session, created on first use with the experiment's thread count. */
    public OnnxReference reference(int threads) {
        requireEncoder();
        if (reference == null) {
            reference = new OnnxReference(source.onnxBytes(), threads);
        }
        return reference;
    }

    /**
     * ONNX Runtime on the export as shipped, without the position extension: the truncation baseline's model, which
     * runs each document's first {@link ExtendedPositions#sourceRows} tokens. Created on first use.
     */
    public synchronized OnnxReference truncationReference(int threads) {
        if (truncationReference == null) {
            truncationReference = new OnnxReference(shipped.onnxBytes(), threads);
        }
        return truncationReference;
    }

    /** The inputs of the experiment's tasks for this model's tokenizer, filler from this corpus. */
    public synchronized TaskInputs tasks() {
        if (tasks == null) {
            tasks = new TaskInputs(tokenizer, corpus.lines(), prefixes);
        }
        return tasks;
    }

    /** {@code count} documents of exactly {@code n} tokens, [CLS] ... [SEP]; the same every run. */
    public List<int[]> documents(int n, int count) {
        return sample(n, count).documents();
    }

    /** The documents with the count of distinct corpus lines they used; tokenized once and kept. */
    public synchronized CorpusSample sample(int n, int count) {
        requireEncoder();
        return samples.computeIfAbsent(n + "x" + count, k -> corpus.sample(tokenizer, n, count));
    }

    /**
     * The model file, tokenizer file and corpus with their SHA-256, and the extended export when positions are
     * extended, as a run records them at its start and a resume and {@code compare} compare them.
     */
    public List<InputFile> inputs() {
        if (decoder != null) {
            return decoder.inputs();
        }
        List<InputFile> inputs = new java.util.ArrayList<>(List.of(new InputFile(InputFile.MODEL, source.name(), source.onnxSha256()),
                new InputFile(InputFile.TOKENIZER, source.tokenizerName(), source.tokenizerSha256()),
                new InputFile(InputFile.CORPUS, corpus.name(), corpus.sha256())));
        ExtendedPositions p = source.positions();
        if (p != null) {
            // what both sides actually run: a resume or a compare on another extended file would mix two models
            inputs.add(new InputFile(InputFile.EXTENDED_EXPORT, p.cachedFile().toString(), p.cachedSha256()));
        }
        return List.copyOf(inputs);
    }

    /** What opening the model had to say (a damaged cache entry rebuilt), one line each, for the user as warnings. */
    public List<String> notices() {
        ExtendedPositions p = source.positions();
        return p == null || p.notice() == null ? List.of() : List.of(p.notice());
    }

    public Corpus corpus() {
        requireEncoder();
        return corpus;
    }

    public TextTokenizer tokenizer() {
        requireEncoder();
        return tokenizer;
    }

    /**
     * The ids of the tokens that end a sentence ({@code .}, {@code ?}, {@code !} where the tokenizer gives each one
     * token): where the retrieval test cuts a document's first sentence off as its query.
     */
    public java.util.Set<Integer> sentenceEnds() {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (String mark : List.of(".", "?", "!")) {
            int[] encoded = tokenizer.encodeWords(mark);
            if (encoded.length == 1) {
                ids.add(encoded[0]);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
            return;
        }
        if (reference != null) {
            reference.close();
        }
        if (truncationReference != null) {
            truncationReference.close();
        }
        tokenizer.close();
    }
}
