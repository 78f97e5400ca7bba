package org.attentionlab.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCorpusTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("ids.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void eachNonBlankLineIsOneDocumentReadAsWritten() throws IOException {
        Path file = write("5 6 7 8\n\n  1\t2  3 4 9 \n");
        TokenCorpus corpus = TokenCorpus.file(file);
        assertEquals(2, corpus.all().size());
        assertEquals(1, corpus.all().get(0).line());
        assertEquals(3, corpus.all().get(1).line());
        List<int[]> docs = corpus.documents(3, 2, "n=3");
        assertArrayEquals(new int[] {5, 6, 7}, docs.get(0)); // no BOS added, cut to the first n ids
        assertArrayEquals(new int[] {1, 2, 3}, docs.get(1));
        assertEquals(64, corpus.sha256().length());
    }

    @Test
    void aWordThatIsNotAnIdNamesFileAndLine() throws IOException {
        Path file = write("1 2 3\n4 five 6\n");
        CorpusException e = assertThrows(CorpusException.class, () -> TokenCorpus.file(file));
        assertEquals(file + ":2: 'five' is not a token id (one document per line, space-separated non-negative integer ids)", e.getMessage());
        Path negative = write("1 -2\n");
        assertEquals(negative + ":1: '-2' is not a token id (one document per line, space-separated non-negative integer ids)",
                assertThrows(CorpusException.class, () -> TokenCorpus.file(negative)).getMessage());
    }

    @Test
    void anIdPastTheVocabularyNamesFileAndLine() throws IOException {
        Path file = write("1 2 3\n\n4 5 6 50257 1\n");
        TokenCorpus corpus = TokenCorpus.file(file);
        corpus.checkVocabulary(50258, "m.onnx");
        CorpusException e = assertThrows(CorpusException.class, () -> corpus.checkVocabulary(50257, "m.onnx"));
        assertEquals(file + ":3: token id 50257 is outside the vocabulary of m.onnx (50257 tokens, ids 0 to 50256)", e.getMessage());
    }

    @Test
    void aShortDocumentOrTooFewDocumentsAreRefused() throws IOException {
        Path file = write("1 2 3 4\n1 2\n");
        TokenCorpus corpus = TokenCorpus.file(file);
        assertEquals(file + ":2: the document has 2 tokens; n=3 need 3",
                assertThrows(CorpusException.class, () -> corpus.documents(3, 2, "n=3")).getMessage());
        assertEquals(file + " has 2 documents (non-blank lines); corpus.documents asks for 3",
                assertThrows(CorpusException.class, () -> corpus.documents(2, 3, "n=2")).getMessage());
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws IOException {
        Path empty = write("\n \n");
        assertEquals("tokens file has no document: " + empty + " (one document per line, space-separated token ids)",
                assertThrows(CorpusException.class, () -> TokenCorpus.file(empty)).getMessage());
        assertEquals("tokens file not found: " + dir.resolve("none.txt"),
                assertThrows(CorpusException.class, () -> TokenCorpus.file(dir.resolve("none.txt"))).getMessage());
    }
}
