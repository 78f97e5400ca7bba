package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * all-minilm-l6-v2 with its 512 positions extended to 2048 by each method: the Java encoder read
 * from the rewritten export against ONNX Runtime running that export, on Europarl text past the
 * learned positions, with the correctness gate's bounds. The cache stays in a temp folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtendedParityIT {

    private static final int EXTEND_TO = 2048;

    @TempDir
    static Path cache;

    private final Map<PositionMethod, ModelSource> sources = new EnumMap<>(PositionMethod.class);
    // one encoder and one ONNX Runtime session per method, shared by both sizes
    private final Map<PositionMethod, BertEncoder> encoders = new EnumMap<>(PositionMethod.class);
    private final Map<PositionMethod, OnnxReference> references = new EnumMap<>(PositionMethod.class);
    private final List<String> figures = Collections.synchronizedList(new ArrayList<>());
    private TextTokenizer tokenizer;
    private int threadsBefore;
    private int threads;

    @BeforeAll
    void load() {
        threadsBefore = Parallel.threads();
        threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Parallel.setThreads(threads);
        ModelSource base = ModelSource.builtIn("all-minilm-l6-v2");
        for (PositionMethod m : PositionMethod.values()) {
            sources.put(m, base.withPositions(new PositionExtension(m, EXTEND_TO), cache));
        }
        tokenizer = base.tokenizer();
    }

    @AfterAll
    void close() {
        figures.forEach(f -> System.out.println("[parity] all-minilm-l6-v2 extended " + f));
        tokenizer.close();
        references.values().forEach(OnnxReference::close);
        Parallel.setThreads(threadsBefore);
    }

    static Stream<Arguments> methodsAndSizes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (PositionMethod m : PositionMethod.values()) {
            b.add(Arguments.of(m, 1024));
            b.add(Arguments.of(m, 2048));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} n = {1}")
    @MethodSource("methodsAndSizes")
    void matchesOnnxRuntimeOnTheSameExtendedExport(PositionMethod method, int n) {
        ModelSource source = sources.get(method);
        assertEquals(512, source.positions().sourceRows());
        BertEncoder encoder = encoders.computeIfAbsent(method, m -> {
            BertWeights weights = source.weights();
            assertEquals(EXTEND_TO, weights.config().maxPositions());
            return new BertEncoder(weights, Collections.nCopies(weights.config().layers(), new SoftmaxOracleAttention()));
        });
        OnnxReference reference = references.computeIfAbsent(method, m -> new OnnxReference(source.onnxBytes(), threads));
        int[] ids = Corpus.europarlEnglish().documents(tokenizer, n, 1).get(0);
        float[] java = encoder.forward(ids, null, null);
        float[] ref = reference.run(ids, null);
        Agreement a = Agreement.of(java, ref, n, encoder.config().hidden(), null);
        figures.add(method.configName() + " n=" + n + ": " + a);
        assertEquals(n, a.tokens());
        assertTrue(a.minCosine() >= ParitySupport.MIN_COSINE, method + " n=" + n + ": " + a);
        assertTrue(a.maxAbsDiff() <= ParitySupport.MAX_ABS, method + " n=" + n + ": " + a);
    }
}
