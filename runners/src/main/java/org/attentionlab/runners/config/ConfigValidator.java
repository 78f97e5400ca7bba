package org.attentionlab.runners.config;

import java.nio.file.Path;
import org.attentionlab.core.model.ExtendedExportCache;
import org.attentionlab.core.model.PositionExtension;
import org.attentionlab.core.model.PositionMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginRegistry;

/**
 * Checks an {@link ExperimentConfig} for everything that does not need the model loaded and returns it
 * resolved: every default filled, every variant's params completed by its plugin. What needs the model
 * (context sizes against maximum positions, layer indices) is checked by {@code ModelChecks}.
 */
public final class ConfigValidator {

    static final int MAX_THREADS = 256;

    private final PluginRegistry plugins;
    private final List<String> builtInModels;

    private final org.attentionlab.runners.memory.MemoryBudget budget = org.attentionlab.runners.memory.MemoryBudget.ofThisJvm();
    /** Deprecation lines found so far (file:line:col: variants[i]: ...), for the commands to print as warnings. */
    private final List<String> notes = new ArrayList<>();

    public ConfigValidator(PluginRegistry plugins, List<String> builtInModels) {
        this.plugins = plugins;
        this.builtInModels = List.copyOf(builtInModels);
    }

    /** What the configs resolved so far still accept but will not for ever (a renamed plugin parameter), one line each. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public ExperimentConfig resolve(LoadedConfig loaded) {
        ExperimentConfig c = loaded.config();
        ConfigSource src = loaded.source();
        if (c.name() == null || c.name().isBlank()) {
            throw new ConfigException(src.at("/name") + "'name' is required");
        }
        checkName(c.name(), src);
        // An unknown kind is rejected by ConfigLoader ("'kind' must be one of model, kernel, got '...'").
        ExperimentKind kind = c.kind() == null ? ExperimentKind.MODEL : c.kind();
        boolean model = kind == ExperimentKind.MODEL;
        if (model && c.kernel() != null) {
            throw new ConfigException(src.at("/kernel") + "'kernel' only applies to kind: kernel");
        }
        if (!model && c.reference() != null && c.reference().positions() != null) {
            throw new ConfigException(src.at("/reference/positions") + "'reference.positions' does not apply to kind: kernel "
                    + "(random Q, K, V have no positions; a kernel sweep takes any contextSizes)");
        }
        if (!model && c.reference() != null) {
            throw new ConfigException(src.at("/reference") + "'reference' does not apply to kind: kernel (its reference is full attention on the same inputs)");
        }
        if (!model && c.corpus() != null) {
            throw new ConfigException(src.at("/corpus") + "'corpus' does not apply to kind: kernel (its inputs are random Q, K, V)");
        }
        if (!model && c.retrieval() != null) {
            throw new ConfigException(src.at("/retrieval") + "'retrieval' only applies to kind: model");
        }
        if (!model && c.tasks() != null) {
            throw new ConfigException(src.at("/tasks") + "'tasks' only applies to kind: model (a kernel sweep has no model to ask)");
        }
        if (!model && c.diagnostics() != null) {
            throw new ConfigException(src.at("/diagnostics") + "'diagnostics' only applies to kind: model");
        }
        if (!model && c.decode() != null) {
            throw new ConfigException(src.at("/decode") + "'decode' only applies to kind: model (a causal language model's export)");
        }
        List<TaskSpec> tasks = model ? TaskSpecs.resolve(c.tasks(), loaded) : null;
        // an experiment with tasks and no corpus runs the tasks alone: no agreement documents, filler from the built-in corpus
        CorpusSpec corpus = !model ? null : c.corpus() == null && !tasks.isEmpty()
                ? new CorpusSpec(CorpusSpec.EUROPARL, null, 0, false) : resolveCorpus(c.corpus(), loaded, !tasks.isEmpty());
        ReferenceSpec reference = model ? resolveReference(c.reference(), loaded, corpus.tokens() != null) : null;
        DecodeSpec decode = model ? resolveDecode(c.decode(), src) : null;
        if (decode != null && corpus.documents() == 0) {
            throw new ConfigException(src.at("/decode") + "'decode' continues the corpus documents after n tokens; this experiment runs its "
                    + "tasks alone (no corpus documents): give corpus: { documents: N } or drop decode");
        }
        List<Integer> sizes = resolveSizes(c.contextSizes(), model ? 2 : 1, src);
        if (model) {
            TaskSpecs.checkSizes(tasks, sizes, src);
        }
        if (reference != null && reference.positions() != null) {
            checkSizesWithinExtension(reference, sizes, src);
        }
        List<VariantSpec> variants = resolveVariants(c.variants(), model, src);
        MeasureSpec measure = resolveMeasure(c.measure(), sizes, src);
        String output = c.output() == null ? "results/" + c.name() : c.output();
        if (output.isBlank()) {
            throw new ConfigException(src.at("/output") + "'output' must not be empty");
        }
        KernelSpec kernel = model ? null : resolveKernel(c.kernel(), src);
        PatternChecks.refuseEmptyMasks(variants, sizes, !model && kernel.causal(), plugins, src);
        DiagnosticsSpec diagnostics = model ? resolveDiagnostics(c.diagnostics(), corpus, src) : null;
        int largest = sizes.stream().max(Integer::compare).orElseThrow();
        if (model) {
            MemoryChecks.checkDocuments(corpus, largest, budget, src);
        } else {
            MemoryChecks.checkKernel(kernel, largest, budget, src);
        }
        ExecutionSpec execution = resolveExecution(c.execution(), measure, model, src);
        RetrievalSpec retrieval = model ? resolveRetrieval(c.retrieval(), src) : null;
        return new ExperimentConfig(c.name(), kind, reference, corpus, sizes, variants, measure, output, kernel, diagnostics,
                execution, retrieval, decode, resolvePlugins(loaded), tasks);
    }

    private static DecodeSpec resolveDecode(DecodeSpec d, ConfigSource src) {
        if (d == null) {
            return null;
        }
        if (d.tokens() == null || d.tokens() < 1) {
            throw new ConfigException(src.at("/decode/tokens") + "'decode.tokens' must be an integer >= 1 (tokens decoded per document "
                    + "after the prefill), got " + d.tokens());
        }
        return d;
    }

    /**
     * {@code plugins:} as absolute paths (relative ones against the config's folder), so that run.json names the
     * same jars whatever folder a resume starts from. Whether each is a jar or a folder of jars is checked when the
     * plugins load, before this validator runs.
     */
    public static List<String> resolvePlugins(LoadedConfig loaded) {
        List<String> plugins = loaded.config().plugins();
        if (plugins == null) {
            return null;
        }
        List<String> resolved = new java.util.ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            String p = plugins.get(i);
            if (p == null || p.isBlank()) {
                throw new ConfigException(loaded.source().at("/plugins/" + i) + "a plugins entry must be a path to a jar or a folder of jars");
            }
            resolved.add(loaded.resolve(p));
        }
        return List.copyOf(resolved);
    }

    /**
     * The name becomes a folder under results/ when no output is given, so it is a name and nothing more: no
     * path separators, no "..", no control characters.
     */
    private static void checkName(String name, ConfigSource src) {
        if (name.contains("/") || name.contains("\\") || name.contains("..")) {
            throw new ConfigException(src.at("/name") + "'name' must be a plain name, without '/', '\\' or '..', got '" + name
                    + "' (use 'output' to choose the folder)");
        }
        if (hasControlCharacter(name)) {
            throw new ConfigException(src.at("/name") + "'name' must not contain control characters (tabs, newlines)");
        }
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private ReferenceSpec resolveReference(ReferenceSpec given, LoadedConfig loaded, boolean tokenIds) {
        if (given == null) {
            return ReferenceSpec.defaults();
        }
        PositionsSpec positions = given.positions() == null ? null : resolvePositions(given.positions(), loaded);
        ReferenceSpec r = resolveSource(given, loaded, tokenIds);
        return new ReferenceSpec(r.model(), r.onnx(), r.tokenizer(), positions);
    }

    private PositionsSpec resolvePositions(PositionsSpec p, LoadedConfig loaded) {
        ConfigSource src = loaded.source();
        if (p.extendTo() == null) {
            throw new ConfigException(src.at("/reference/positions") + "'reference.positions' needs 'extendTo': the new number of positions, e.g. 4096");
        }
        if (p.extendTo() < 2 || p.extendTo() > PositionExtension.MAX_POSITIONS) {
            throw new ConfigException(src.at("/reference/positions/extendTo") + "'reference.positions.extendTo' must be in [2, "
                    + PositionExtension.MAX_POSITIONS + "] (and above the model's own positions), got " + p.extendTo());
        }
        String method = p.method() == null ? PositionsSpec.DEFAULT_METHOD : p.method();
        try {
            PositionMethod.fromName(method);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(src.at("/reference/positions/method") + "'reference.positions.method' must be one of "
                    + PositionMethod.names() + ", got '" + method + "'");
        }
        String cache = null;
        if (p.cache() != null) {
            if (p.cache().isBlank()) {
                throw new ConfigException(src.at("/reference/positions/cache") + "'reference.positions.cache' must not be empty");
            }
            cache = loaded.resolve(p.cache()); // like the other paths in the file: against its folder
            try {
                new ExtendedExportCache(Path.of(cache)).checkWritable();
            } catch (RuntimeException e) {
                throw new ConfigException(src.at("/reference/positions/cache") + e.getMessage());
            }
        }
        if (p.trainedLength() != null && p.trainedLength() < 1) {
            throw new ConfigException(src.at("/reference/positions/trainedLength") + "'reference.positions.trainedLength' must be >= 1, got "
                    + p.trainedLength());
        }
        return new PositionsSpec(p.extendTo(), method, cache, p.trainedLength());
    }

    /** Context sizes above extendTo are refused now, naming the model and extendTo. */
    private static void checkSizesWithinExtension(ReferenceSpec r, List<Integer> sizes, ConfigSource src) {
        for (int i = 0; i < sizes.size(); i++) {
            if (sizes.get(i) > r.positions().extendTo()) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "context size " + sizes.get(i) + " exceeds positions.extendTo "
                        + r.positions().extendTo() + " of " + (r.isBuiltIn() ? r.model() : r.onnx()) + "; raise extendTo or drop the size");
            }
        }
    }

    private ReferenceSpec resolveSource(ReferenceSpec r, LoadedConfig loaded, boolean tokenIds) {
        ConfigSource src = loaded.source();
        if (r.model() == null && r.onnx() == null && r.tokenizer() == null) {
            return ReferenceSpec.defaults();
        }
        if (r.model() != null && (r.onnx() != null || r.tokenizer() != null)) {
            throw new ConfigException(src.at("/reference") + "'reference' takes either 'model' or 'onnx' + 'tokenizer', not both");
        }
        if (r.model() != null) {
            if (!builtInModels.contains(r.model())) {
                throw new ConfigException(src.at("/reference/model") + "unknown model '" + r.model() + "'; built in: " + String.join(", ", builtInModels)
                        + " (or give 'onnx' and 'tokenizer' paths)");
            }
            return r;
        }
        if (r.onnx() == null || (r.tokenizer() == null && !tokenIds)) {
            throw new ConfigException(src.at("/reference") + "'reference' with a user export needs both 'onnx' and 'tokenizer' "
                    + "(the tokenizer may be omitted when corpus: { tokens: ids.txt } gives the token ids)");
        }
        return new ReferenceSpec(null, loaded.resolve(r.onnx()), r.tokenizer() == null ? null : loaded.resolve(r.tokenizer()));
    }

    /** @param tasksAlone whether 0 documents is allowed: a resolved experiment that runs its tasks alone stores them so */
    private CorpusSpec resolveCorpus(CorpusSpec c, LoadedConfig loaded, boolean tasksAlone) {
        ConfigSource src = loaded.source();
        if (c == null) {
            return CorpusSpec.defaults();
        }
        if ((c.source() != null ? 1 : 0) + (c.file() != null ? 1 : 0) + (c.tokens() != null ? 1 : 0) > 1) {
            throw new ConfigException(src.at("/corpus") + "'corpus' takes one of 'source', 'file' or 'tokens', not several");
        }
        String source = c.source();
        if (source == null && c.file() == null && c.tokens() == null) {
            source = CorpusSpec.EUROPARL;
        }
        if (c.tokens() != null && c.repeatsAllowed()) {
            throw new ConfigException(src.at("/corpus/allowRepeats") + "'corpus.allowRepeats' does not apply to 'tokens' (each line is one "
                    + "document; none repeats)");
        }
        if (source != null && !source.equals(CorpusSpec.EUROPARL)) {
            throw new ConfigException(src.at("/corpus/source") + "unknown corpus source '" + source + "'; built in: " + CorpusSpec.EUROPARL
                    + " (or give 'file')");
        }
        int documents = c.documents() == null ? CorpusSpec.DEFAULT_DOCUMENTS : c.documents();
        if (documents < (tasksAlone ? 0 : 1)) {
            throw new ConfigException(src.at("/corpus/documents") + "'corpus.documents' must be >= " + (tasksAlone ? 0 : 1) + ", got " + documents);
        }
        return new CorpusSpec(source, c.file() == null ? null : loaded.resolve(c.file()), documents, c.repeatsAllowed(),
                c.tokens() == null ? null : loaded.resolve(c.tokens()));
    }

    private List<Integer> resolveSizes(List<Integer> sizes, int min, ConfigSource src) {
        if (sizes == null || sizes.isEmpty()) {
            throw new ConfigException(src.at("/contextSizes") + "'contextSizes' is required: a list of sequence lengths, e.g. [32, 128, 512]");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < sizes.size(); i++) {
            Integer n = sizes.get(i);
            if (n == null || n < min) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "'contextSizes[" + i + "]' must be an integer >= " + min + ", got " + n);
            }
            if (!seen.add(n)) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "'contextSizes' lists " + n + " twice");
            }
        }
        return List.copyOf(sizes);
    }

    private List<VariantSpec> resolveVariants(List<VariantSpec> variants, boolean model, ConfigSource src) {
        if (variants == null || variants.isEmpty()) {
            throw new ConfigException(src.at("/variants") + "'variants' is required: at least one, e.g. - { name: full }");
        }
        List<VariantSpec> resolved = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            VariantSpec v = variants.get(i);
            String base = "/variants/" + i;
            String at = src.at(base) + "variants[" + i + "]: ";
            String atName = src.at(base + "/name") + "variants[" + i + "]: ";
            String atParams = src.at(base + "/params") + "variants[" + i + "]: ";
            if (v == null || v.name() == null || v.name().isBlank()) {
                throw new ConfigException(at + "'name' is required; known: " + String.join(", ", plugins.names()));
            }
            if (!plugins.factories().containsKey(v.name())) {
                throw new ConfigException(atName + "unknown variant '" + v.name() + "'; known: " + String.join(", ", plugins.names()));
            }
            AttentionFactory factory = plugins.factory(v.name());
            Map<String, Object> params;
            try {
                params = new LinkedHashMap<>(factory.resolveParams(v.params()));
                factory.create(v.params()); // a plugin may also reject a combination of values
                for (String note : factory.deprecationNotes(v.params())) {
                    notes.add(atParams + note);
                }
            } catch (InvalidParamsException e) {
                String atKey = src.at(base + "/params" + (e.key() == null ? "" : "/" + e.key()));
                throw new ConfigException(atKey + "variants[" + i + "]: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(atParams + e.getMessage());
            }
            String label = v.label() == null ? v.name() : v.label();
            if (label.isBlank()) {
                throw new ConfigException(at + "'label' must not be empty");
            }
            if (hasControlCharacter(label)) {
                // a newline or tab in a label breaks the report tables
                throw new ConfigException(src.at(base + "/label") + "variants[" + i + "]: 'label' must not contain control characters (tabs, newlines)");
            }
            if (!labels.add(label)) {
                throw new ConfigException(at + "duplicate label '" + label + "'; labels must be unique (give each variant its own 'label')");
            }
            List<Integer> layers = v.layers();
            if (layers != null && !model) {
                throw new ConfigException(src.at(base + "/layers") + "variants[" + i + "]: 'layers' only applies to kind: model");
            }
            if (layers != null) {
                if (layers.isEmpty()) {
                    throw new ConfigException(at + "'layers' must list at least one layer (omit it for all layers)");
                }
                Set<Integer> seenLayers = new HashSet<>();
                for (Integer layer : layers) {
                    if (layer == null || layer < 0) {
                        throw new ConfigException(at + "'layers' entries must be integers >= 0, got " + layer);
                    }
                    if (!seenLayers.add(layer)) {
                        throw new ConfigException(at + "'layers' lists " + layer + " twice");
                    }
                }
                layers = List.copyOf(layers);
            }
            resolved.add(new VariantSpec(v.name(), label, params, layers));
        }
        return List.copyOf(resolved);
    }

    private MeasureSpec resolveMeasure(MeasureSpec given, List<Integer> sizes, ConfigSource src) {
        MeasureSpec d = MeasureSpec.defaults();
        MeasureSpec m = given == null ? d : given;
        int warmup = m.warmup() == null ? d.warmup() : m.warmup();
        int repetitions = m.repetitions() == null ? d.repetitions() : m.repetitions();
        int threads = m.threads() == null ? d.threads() : m.threads();
        if (warmup < 0) {
            throw new ConfigException(src.at("/measure/warmup") + "'measure.warmup' must be >= 0, got " + warmup);
        }
        if (repetitions < 1) {
            throw new ConfigException(src.at("/measure/repetitions") + "'measure.repetitions' must be >= 1, got " + repetitions);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ConfigException(src.at("/measure/threads") + "'measure.threads' must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        int smallest = sizes.stream().min(Integer::compare).orElseThrow();
        int fitFrom = m.fitFrom() == null ? smallest : m.fitFrom();
        long fitted = sizes.stream().filter(n -> n >= fitFrom).count();
        // fitFrom equal to the smallest size is what resolution fills in: a stored, resolved config of one size resolves again
        if (m.fitFrom() != null && fitted < 2 && fitFrom != smallest) {
            throw new ConfigException(src.at("/measure/fitFrom") + "'measure.fitFrom' must leave at least two context sizes to fit, got "
                    + fitFrom + " (sizes " + sizes + ")");
        }
        return new MeasureSpec(warmup, repetitions, threads, fitFrom);
    }

    private ExecutionSpec resolveExecution(ExecutionSpec e, MeasureSpec measure, boolean model, ConfigSource src) {
        if (e == null) {
            return ExecutionSpec.defaults();
        }
        ExecutionSpec resolved = ExecutionSpec.resolve(e.engine(), e.master(), e.documentsPerTask(), measure.threads(),
                src.at("/execution") + "execution: ");
        return checkKind(resolved, model, src.at("/execution") + "execution: ");
    }

    /** The Spark engine runs model sweeps; a kernel sweep's one random input per cell has nothing to split. */
    public static ExecutionSpec checkKind(ExecutionSpec execution, boolean model, String where) {
        if (execution.isSpark() && !model) {
            throw new ConfigException(where + "engine spark runs kind: model experiments; run kind: kernel on the local engine");
        }
        return execution;
    }

    private DiagnosticsSpec resolveDiagnostics(DiagnosticsSpec g, CorpusSpec corpus, ConfigSource src) {
        DiagnosticsSpec d = DiagnosticsSpec.defaults();
        if (g == null) {
            return d;
        }
        boolean enabled = g.enabled() == null ? d.enabled() : g.enabled();
        int documents = g.documents() == null ? d.documents() : g.documents();
        if (corpus.documents() == 0 && enabled) {
            throw new ConfigException(src.at("/diagnostics") + "'diagnostics' reads the corpus documents; this experiment runs its tasks "
                    + "alone (give a corpus with documents)");
        }
        // a tasks-alone run (no corpus documents) stores the switched-off defaults: their count is not used
        if (documents < 1 || documents > corpus.documents() && corpus.documents() > 0) {
            throw new ConfigException(src.at("/diagnostics/documents") + "'diagnostics.documents' must be in [1, " + corpus.documents()
                    + "] (at most corpus.documents), got " + documents);
        }
        return new DiagnosticsSpec(enabled, documents);
    }

    private RetrievalSpec resolveRetrieval(RetrievalSpec g, ConfigSource src) {
        RetrievalSpec d = RetrievalSpec.defaults();
        if (g == null) {
            return d;
        }
        int minPool = g.minPool() == null ? d.minPool() : g.minPool();
        if (minPool < 2) {
            throw new ConfigException(src.at("/retrieval/minPool") + "'retrieval.minPool' must be at least 2, got " + minPool);
        }
        int k = g.k() == null ? Math.min(d.k(), minPool - 1) : g.k();
        if (k < 1 || k >= minPool) {
            throw new ConfigException(src.at("/retrieval/k") + "'retrieval.k' must be in [1, " + (minPool - 1) + "] (below retrieval.minPool), got " + k);
        }
        return new RetrievalSpec(k, minPool);
    }

    private KernelSpec resolveKernel(KernelSpec k, ConfigSource src) {
        KernelSpec d = KernelSpec.defaults();
        if (k == null) {
            return d;
        }
        int heads = k.heads() == null ? d.heads() : k.heads();
        int dHead = k.dHead() == null ? d.dHead() : k.dHead();
        if (heads < 1) {
            throw new ConfigException(src.at("/kernel/heads") + "'kernel.heads' must be >= 1, got " + heads);
        }
        if (dHead < 1) {
            throw new ConfigException(src.at("/kernel/dHead") + "'kernel.dHead' must be >= 1, got " + dHead);
        }
        Integer kvHeads = k.kvHeads();
        if (kvHeads != null && (kvHeads < 1 || heads % kvHeads != 0)) {
            throw new ConfigException(src.at("/kernel/kvHeads") + "'kernel.kvHeads' must be >= 1 and divide kernel.heads (" + heads
                    + "), got " + kvHeads);
        }
        // stored as null when equal to heads, so that a config written before the field existed resolves the same
        return new KernelSpec(heads, kvHeads == null || kvHeads == heads ? null : kvHeads, dHead,
                k.seed() == null ? d.seed() : k.seed(), k.causal() == null ? d.causal() : k.causal());
    }
}
