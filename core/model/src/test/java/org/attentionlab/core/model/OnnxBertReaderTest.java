package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attentionlab.core.testing.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weight mapping on the two built-in exports. Their weight matrices are anonymous (onnx::MatMul_N) but
 * their biases and LayerNorm parameters kept the PyTorch module names, which the reader never looks
 * at: those names are the independent evidence that the graph walk put each tensor in the right role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxBertReaderTest {

    private Map<String, BertWeights> models;

    @BeforeAll
    void load() {
        models = Map.of(
                "all-minilm-l6-v2", ModelSource.builtIn("all-minilm-l6-v2").weights(),
                "e5-small-v2", ModelSource.builtIn("e5-small-v2").weights());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void readsTheShapeFromTheGraph(String name) {
        int layers = name.equals("e5-small-v2") ? 12 : 6;
        assertEquals(new BertConfig(layers, 384, 12, 1536, 1e-12f, 512, 30522, 2), models.get(name).config());
        assertEquals(32, models.get(name).config().headDim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void findsEveryRoleExactlyOncePerLayer(String name) {
        BertWeights w = models.get(name);
        Map<String, String> sources = w.sources();
        int layers = w.config().layers();
        assertEquals(OnnxBertReader.EMBEDDING_ROLES.size() + layers * OnnxBertReader.LAYER_ROLES.size(), sources.size());
        for (String role : OnnxBertReader.EMBEDDING_ROLES) {
            assertTrue(sources.containsKey(role), role);
        }
        for (int l = 0; l < layers; l++) {
            for (String role : OnnxBertReader.LAYER_ROLES) {
                assertTrue(sources.containsKey("layer." + l + "." + role), "layer." + l + "." + role);
            }
        }
        // no tensor serves two roles
        assertEquals(sources.size(), new HashSet<>(sources.values()).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void rolesAgreeWithTheModuleNamesTheExportKept(String name) {
        Map<String, String> sources = models.get(name).sources();
        assertEquals("embeddings.word_embeddings.weight", sources.get("embeddings.word"));
        assertEquals("embeddings.position_embeddings.weight", sources.get("embeddings.position"));
        assertEquals("embeddings.token_type_embeddings.weight", sources.get("embeddings.token_type"));
        assertEquals("embeddings.LayerNorm.weight", sources.get("embeddings.norm.gamma"));
        assertEquals("embeddings.LayerNorm.bias", sources.get("embeddings.norm.beta"));
        Set<String> matrices = new HashSet<>();
        for (int l = 0; l < models.get(name).config().layers(); l++) {
            String r = "layer." + l + ".";
            String m = "encoder.layer." + l + ".";
            assertEquals(m + "attention.self.query.bias", sources.get(r + "query.bias"));
            assertEquals(m + "attention.self.key.bias", sources.get(r + "key.bias"));
            assertEquals(m + "attention.self.value.bias", sources.get(r + "value.bias"));
            assertEquals(m + "attention.output.dense.bias", sources.get(r + "attention_output.bias"));
            assertEquals(m + "attention.output.LayerNorm.weight", sources.get(r + "attention_norm.gamma"));
            assertEquals(m + "attention.output.LayerNorm.bias", sources.get(r + "attention_norm.beta"));
            assertEquals(m + "intermediate.dense.bias", sources.get(r + "intermediate.bias"));
            assertEquals(m + "output.dense.bias", sources.get(r + "output.bias"));
            assertEquals(m + "output.LayerNorm.weight", sources.get(r + "output_norm.gamma"));
            assertEquals(m + "output.LayerNorm.bias", sources.get(r + "output_norm.beta"));
            for (String dense : List.of("query", "key", "value", "attention_output", "intermediate", "output")) {
                String tensor = sources.get(r + dense + ".weight");
                assertTrue(tensor.matches("onnx::MatMul_\\d+"), tensor);
                matrices.add(tensor);
            }
        }
        assertEquals(6 * models.get(name).config().layers(), matrices.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void everyRoleHasItsShape(String name) {
        BertWeights w = models.get(name);
        BertConfig c = w.config();
        int h = c.hidden();
        for (BertWeights.Layer l : w.layers()) {
            for (BertWeights.Dense d : List.of(l.query(), l.key(), l.value(), l.attentionOutput())) {
                assertEquals(h, d.in());
                assertEquals(h, d.out());
            }
            assertEquals(h, l.intermediate().in());
            assertEquals(c.intermediate(), l.intermediate().out());
            assertEquals(c.intermediate(), l.output().in());
            assertEquals(h, l.output().out());
            assertEquals(1e-12f, l.attentionNorm().eps());
            assertEquals(1e-12f, l.outputNorm().eps());
        }
        for (String role : w.sources().keySet()) {
            int expected = expectedSize(role, c);
            assertEquals(expected, Roles.values(w, role).length, role);
        }
    }

    private static int expectedSize(String role, BertConfig c) {
        int h = c.hidden();
        return switch (role) {
            case "embeddings.word" -> c.vocabSize() * h;
            case "embeddings.position" -> c.maxPositions() * h;
            case "embeddings.token_type" -> c.typeVocabSize() * h;
            default -> {
                String suffix = role.substring(role.indexOf('.', "layer.".length()) + 1);
                yield switch (suffix) {
                    case "query.weight", "key.weight", "value.weight", "attention_output.weight" -> h * h;
                    case "intermediate.weight", "output.weight" -> h * c.intermediate();
                    case "intermediate.bias" -> c.intermediate();
                    default -> h;
                };
            }
        };
    }
}
