package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.memory.CellMemory;
import org.attentionlab.runners.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

/** The memory check validate and run share once the model is read: CellMemory's estimate against the heap. */
class MemoryChecksTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.load();
    private static final BertConfig MINILM = new BertConfig(6, 384, 12, 1536, 1e-12f, 512, 30522, 2);
    private static final long MIB = 1L << 20;

    private static LoadedConfig loaded(String yaml) {
        return ConfigLoader.parse(yaml, "x.yaml");
    }

    @Test
    void theWeightsAreCountedFromTheModelsShape() {
        // all-MiniLM-L6-v2 has 22,713,216 parameters as published (its pooler, 147,840 of them, is not run here):
        // float arrays and their packed copies are two floats per parameter
        long published = 22_713_216L - 147_840L;
        long weights = CellMemory.weights(MINILM, 0);
        assertTrue(Math.abs(weights - 2L * Float.BYTES * published) < 0.01 * 2 * Float.BYTES * published, weights + " bytes");
        assertEquals(weights + 1000, CellMemory.weights(MINILM, 1000)); // the export's bytes kept for ONNX Runtime
    }

    @Test
    void aRunWhoseWeightsAndDocumentsCannotFitIsRefusedInOneLine() {
        LoadedConfig l = loaded("name: x\ncorpus: { documents: 4 }\ncontextSizes: [16, 512]\nvariants: [ { name: full } ]\n");
        ExperimentConfig c = new ConfigValidator(PLUGINS, ModelSource.builtInNames()).resolve(l);
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryChecks.checkModel(c, MINILM, 0, new MemoryBudget(100 * MIB, Long.MAX_VALUE), l.source()));
        // 4 documents x 512 tokens: ids (8 KiB) and reference outputs (3 MiB) beside 172 MiB of weights
        assertEquals("x.yaml:2:11: 'corpus.documents' 4 at n = 512 needs about 175.2 MiB of Java heap (weights 172.2 MiB, "
                + "activations 3.0 MiB, attention scratch 0 B), more than the heap limit of 100.0 MiB; use fewer corpus.documents, "
                + "smaller contextSizes, or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)", e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        MemoryChecks.checkModel(c, MINILM, 0, new MemoryBudget(200 * MIB, Long.MAX_VALUE), l.source()); // fits: no exception
    }
}
