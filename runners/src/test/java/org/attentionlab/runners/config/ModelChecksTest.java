package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/** The memory check: the largest cell's heap against what is left. */
class ModelChecksTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.load();
    private static final BertConfig MINILM = new BertConfig(6, 384, 12, 1536, 1e-12f, 512, 30522, 2);

    private static LoadedConfig loaded(String yaml) {
        return ConfigLoader.parse(yaml, "x.yaml");
    }

    @Test
    void theMaterializedScoresOfTheLargestContextAreCounted() {
        LoadedConfig l = loaded("name: x\ncontextSizes: [16, 512]\nvariants: [ { name: full } ]\nmeasure: { threads: 2 }\n");
        ExperimentConfig c = new ConfigValidator(PLUGINS, ModelSource.builtInNames()).resolve(l);
        long bytes = ModelChecks.cellBytes(c, MINILM, PLUGINS);
        long scores = 12L * 512 * 512 * Float.BYTES; // one n x n score matrix per head
        assertTrue(bytes >= 2 * scores, bytes + " bytes");
    }

    @Test
    void aCellLargerThanTheHeapLeftIsRefused() {
        LoadedConfig l = loaded("name: x\ncontextSizes: [16, 512]\nvariants: [ { name: full } ]\n");
        ExperimentConfig c = new ConfigValidator(PLUGINS, ModelSource.builtInNames()).resolve(l);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelChecks.checkMemory(c, 300L << 20, 20L << 20, 64L << 20, l.source()));
        assertEquals("x.yaml:2:1: not enough memory: the cells at n = 512 need about 301 MiB of Java heap and 20 MiB are left of 64 MiB "
                + "after loading the model; raise it (ATTNLAB_JAVA_OPTS=-Xmx8g) or use smaller context sizes", e.getMessage());
        ModelChecks.checkMemory(c, 10L << 20, 20L << 20, 64L << 20, l.source()); // fits: no exception
    }
}
