package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/** The {@code diagnostics} field: defaults, and the exact message of each mistake. */
class DiagnosticsConfigTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.load();

    private static final String MODEL = """
            name: d
            corpus: { documents: 3 }
            contextSizes: [16]
            variants:
              - { name: full }
            """;

    private static ExperimentConfig resolve(String yaml) {
        return new ConfigValidator(PLUGINS, ModelSource.builtInNames()).resolve(ConfigLoader.parse(yaml, "d.yaml"));
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> resolve(yaml)).getMessage();
    }

    @Test
    void offWithOneDocumentByDefault() {
        ExperimentConfig c = resolve(MODEL);
        assertEquals(new DiagnosticsSpec(false, 1), c.diagnostics());
        assertEquals(false, c.diagnosticsEnabled());
    }

    @Test
    void givenValuesAreKeptAndMissingOnesFilled() {
        ExperimentConfig c = resolve(MODEL + "diagnostics: { enabled: true }\n");
        assertEquals(new DiagnosticsSpec(true, 1), c.diagnostics());
        assertTrue(c.diagnosticsEnabled());
        assertEquals(new DiagnosticsSpec(true, 3), resolve(MODEL + "diagnostics: { enabled: true, documents: 3 }\n").diagnostics());
    }

    @Test
    void documentsMustBeBetweenOneAndTheCorpusDocuments() {
        assertEquals("d.yaml:6:31: 'diagnostics.documents' must be in [1, 3] (at most corpus.documents), got 0",
                error(MODEL + "diagnostics: { enabled: true, documents: 0 }\n"));
        assertEquals("d.yaml:6:31: 'diagnostics.documents' must be in [1, 3] (at most corpus.documents), got 4",
                error(MODEL + "diagnostics: { enabled: true, documents: 4 }\n"));
        // without a corpus field, corpus.documents is its default, 8
        assertEquals("d.yaml:5:16: 'diagnostics.documents' must be in [1, 8] (at most corpus.documents), got 9",
                error(MODEL.replace("corpus: { documents: 3 }\n", "") + "diagnostics: { documents: 9 }\n"));
    }

    @Test
    void aKernelExperimentHasNoDiagnostics() {
        String kernel = """
                name: k
                kind: kernel
                contextSizes: [16]
                variants:
                  - { name: full }
                diagnostics: { enabled: true }
                """;
        assertEquals("d.yaml:6:1: 'diagnostics' only applies to kind: model", error(kernel));
        assertNull(resolve(kernel.replace("diagnostics: { enabled: true }\n", "")).diagnostics());
    }

    @Test
    void anUnknownFieldListsTheAllowedOnes() {
        assertEquals("d.yaml:6:16: unknown field 'docs' in diagnostics; allowed: documents, enabled",
                error(MODEL + "diagnostics: { docs: 2 }\n"));
        assertEquals("d.yaml:6:16: 'diagnostics.enabled' must be true or false, got a list",
                error(MODEL + "diagnostics: { enabled: [1] }\n"));
    }

    @Test
    void theResolvedConfigSurvivesJson() throws Exception {
        ExperimentConfig c = resolve(MODEL + "diagnostics: { enabled: true, documents: 2 }\n");
        var mapper = org.attentionlab.runners.results.ResultsJson.MAPPER;
        assertEquals(c, mapper.readValue(mapper.writeValueAsString(c), ExperimentConfig.class));
    }
}
