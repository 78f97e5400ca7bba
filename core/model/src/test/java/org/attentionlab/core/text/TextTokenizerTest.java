package org.attentionlab.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.model.ModelSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void encodesWordsWithoutSpecialTokens(String model) {
        try (TextTokenizer t = ModelSource.builtIn(model).tokenizer()) {
            assertEquals(101, t.clsId());
            assertEquals(102, t.sepId());
            assertEquals(0, t.padId());
            // bert-base-uncased vocabulary: hello 7592, world 2088, "," 1010, "!" 999
            assertArrayEquals(new int[] {7592, 1010, 2088, 999}, t.encodeWords("Hello, World!"));
            assertEquals("[CLS] hello, world! [SEP]", t.decode(new int[] {101, 7592, 1010, 2088, 999, 102}));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "e5-small-v2"})
    void neverTruncatesOrPads(String model) {
        // all-MiniLM's tokenizer.json truncates and pads to 128; documents need every token
        String text = "word ".repeat(700);
        try (TextTokenizer t = ModelSource.builtIn(model).tokenizer()) {
            int[] ids = t.encodeWords(text);
            assertEquals(700, ids.length);
            assertEquals(1, t.encodeWords("word").length);
        }
    }

    @Test
    void concatenatingLinesEqualsEncodingThemJoined() {
        // Corpus encodes line by line and concatenates: BERT's pre-tokenizer splits on whitespace first
        try (TextTokenizer t = ModelSource.builtIn("all-minilm-l6-v2").tokenizer()) {
            String a = "The Commission's proposal (COM(2004) 279) is welcome.";
            String b = "Mr President, ladies and gentlemen.";
            int[] joined = t.encodeWords(a + " " + b);
            int[] ia = t.encodeWords(a);
            int[] ib = t.encodeWords(b);
            int[] concat = new int[ia.length + ib.length];
            System.arraycopy(ia, 0, concat, 0, ia.length);
            System.arraycopy(ib, 0, concat, ia.length, ib.length);
            assertArrayEquals(joined, concat);
        }
    }

    @Test
    void knowsItsLargestId() {
        try (TextTokenizer t = org.attentionlab.core.model.ModelSource.builtIn("all-minilm-l6-v2").tokenizer()) {
            assertEquals(30521, t.maxId()); // bert-base-uncased's vocabulary: 30522 ids
        }
    }

    @Test
    void refusesAFileThatIsNotATokenizer(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("tokenizer.json");
        Files.writeString(bad, "{\"not\": \"a tokenizer\"}", StandardCharsets.UTF_8);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TextTokenizer.fromFile(bad));
        assertTrue(e.getMessage().startsWith("not a HuggingFace tokenizer.json: " + bad + " ("), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
