package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names, labels and paths as the validator resolves them. */
class ConfigValidatorTest {

    private static final ConfigValidator VALIDATOR = new ConfigValidator(PluginRegistry.load(), ModelSource.builtInNames());

    private static ExperimentConfig resolve(String yaml) {
        return VALIDATOR.resolve(ConfigLoader.parse(yaml, "x.yaml"));
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> resolve(yaml)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../x/escape", "a/b", "a\\\\b", "..", "up..there"})
    void aNameWithPathSeparatorsOrDotDotIsRefused(String name) {
        String shown = name.replace("\\\\", "\\");
        assertEquals("x.yaml:1:1: 'name' must be a plain name, without '/', '\\' or '..', got '" + shown + "' (use 'output' to choose the folder)",
                error("name: \"" + name + "\"\ncontextSizes: [16]\nvariants: [ { name: full } ]\n"));
    }

    /** A resolved config resolves to itself (a resume resolves run.json's config again): one context size too. */
    @Test
    void aResolvedConfigOfOneSizeResolvesAgain() {
        ExperimentConfig once = resolve("name: x\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(16, once.measure().fitFrom());
        assertEquals(once, VALIDATOR.resolve(new LoadedConfig(once, new ConfigSource("run.json", ""))));
        assertEquals("x.yaml:4:28: 'measure.fitFrom' must leave at least two context sizes to fit, got 32 (sizes [16, 32])",
                error("name: x\ncontextSizes: [16, 32]\nvariants: [ { name: full } ]\nmeasure: { repetitions: 1, fitFrom: 32 }\n"));
    }

    @Test
    void aLabelWithAControlCharacterIsRefused() {
        assertEquals("x.yaml:3:27: variants[0]: 'label' must not contain control characters (tabs, newlines)",
                error("name: x\ncontextSizes: [16]\nvariants: [ { name: full, label: \"two\\nlines\" } ]\n"));
    }

    @Test
    void relativeDataPathsResolveAgainstTheConfigFilesFolder(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("experiments"));
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "name: x\nreference: { onnx: m/model.onnx, tokenizer: ../tok.json }\ncorpus: { file: texts.txt }\n"
                + "contextSizes: [16]\nvariants: [ { name: full } ]\n");
        ExperimentConfig c = VALIDATOR.resolve(ConfigLoader.load(tmp.relativize(tmp).resolve(file)));
        assertEquals(dir.resolve("m/model.onnx").toString(), c.reference().onnx());
        assertEquals(tmp.resolve("tok.json").toString(), c.reference().tokenizer());
        assertEquals(dir.resolve("texts.txt").toString(), c.corpus().file());
        assertTrue(Path.of(c.corpus().file()).isAbsolute());
    }

    @Test
    void anAbsolutePathStaysAsWritten(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("x.yaml");
        Path corpus = tmp.resolve("elsewhere/texts.txt");
        Files.writeString(file, "name: x\ncorpus: { file: " + corpus + " }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(corpus.toString(), VALIDATOR.resolve(ConfigLoader.load(file)).corpus().file());
    }

    @Test
    void repeatsAreRefusedUnlessAllowed() {
        assertFalse(resolve("name: x\ncontextSizes: [16]\nvariants: [ { name: full } ]\n").corpus().repeatsAllowed());
        assertTrue(resolve("name: x\ncorpus: { allowRepeats: true }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n").corpus().repeatsAllowed());
        assertEquals(List.of(16), resolve("name: x\ncontextSizes: [16]\nvariants: [ { name: full } ]\n").contextSizes());
    }
}
