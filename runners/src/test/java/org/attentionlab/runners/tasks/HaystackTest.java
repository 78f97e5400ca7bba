package org.attentionlab.runners.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.TextTokenizer;
import org.attentionlab.runners.config.TaskSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * passkey and needle on the real e5-small-v2 tokenizer (with its "passage: " prefix) and the built-in corpus:
 * the statement is in its document exactly once and in no other, whole after tokenization, at the depth said,
 * and the same seed gives the same task.
 */
class HaystackTest {

    static TextTokenizer tokenizer;
    static List<String> lines;

    @BeforeAll
    static void load() {
        tokenizer = ModelSource.builtIn("e5-small-v2").tokenizer();
        lines = Corpus.europarlEnglish().lines();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static TaskSpec spec(String task, long seed) {
        return new TaskSpec(task, task, 10, List.of(0, 25, 50, 75, 100), seed, null, null, null, null, null);
    }

    static int occurrences(int[] doc, int[] part) {
        int count = 0;
        for (int i = 0; i + part.length <= doc.length; i++) {
            if (java.util.Arrays.equals(doc, i, i + part.length, part, 0, part.length)) {
                count++;
            }
        }
        return count;
    }

    static int indexOf(int[] doc, int[] part) {
        for (int i = 0; i + part.length <= doc.length; i++) {
            if (java.util.Arrays.equals(doc, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @CsvSource({"passkey, 64", "passkey, 300", "passkey, 1024", "needle, 64", "needle, 300", "needle, 1024"})
    void theStatementIsInItsDocumentExactlyOnceAndNowhereElse(String task, int n) {
        TaskSpec spec = spec(task, 1);
        TaskSet set = Haystack.generate(spec, n, tokenizer, lines, Prefixes.E5);
        List<Haystack.Statement> statements = Haystack.statements(task, 10, 1);
        for (int d = 0; d < 10; d++) {
            int[] doc = set.documents().get(d);
            assertEquals(n, doc.length);
            assertEquals(tokenizer.clsId(), doc[0]);
            assertEquals(tokenizer.sepId(), doc[n - 1]);
            int[] statement = tokenizer.encodeWords(statements.get(d).text());
            for (int other = 0; other < 10; other++) {
                assertEquals(other == d ? 1 : 0, occurrences(set.documents().get(other), statement), "statement " + d + " in document " + other);
            }
            assertEquals(java.util.Map.of(d, 1), set.relevant().get(d));
        }
    }

    @ParameterizedTest
    @CsvSource({"passkey, 128", "needle, 777", "passkey, 2048"})
    void theStatementIsWholeWhenTheDocumentIsTokenizedAgain(String task, int n) {
        TaskSet set = Haystack.generate(spec(task, 2), n, tokenizer, lines, Prefixes.E5);
        List<Haystack.Statement> statements = Haystack.statements(task, 10, 2);
        for (int d = 0; d < 10; d++) {
            int[] doc = set.documents().get(d);
            // the document as text, tokenized again: the statement's own ids are still there, unsplit
            int[] again = tokenizer.encodeWords(tokenizer.decode(java.util.Arrays.copyOfRange(doc, 1, n - 1)));
            assertEquals(1, occurrences(again, tokenizer.encodeWords(statements.get(d).text())), "document " + d);
        }
    }

    @ParameterizedTest
    @CsvSource({"passkey, 512", "needle, 1024", "passkey, 2048"})
    void theStatementStartsAtItsDepthMovedBackToAWordStart(String task, int n) {
        TaskSet set = Haystack.generate(spec(task, 1), n, tokenizer, lines, Prefixes.E5);
        List<Haystack.Statement> statements = Haystack.statements(task, 10, 1);
        int prefix = tokenizer.encodeWords(Prefixes.E5.passage()).length;
        for (int d = 0; d < 10; d++) {
            int[] statement = tokenizer.encodeWords(statements.get(d).text());
            int filler = n - 2 - prefix - statement.length;
            int start = indexOf(set.documents().get(d), statement) - 1 - prefix; // in the filler
            int depth = set.depths().get(d);
            assertEquals(List.of(0, 25, 50, 75, 100).get(d % 5), depth);
            int target = (int) Math.round(depth / 100.0 * filler);
            assertTrue(start <= target && target - start <= 12, "depth " + depth + "%: starts at " + start + " of " + filler + ", target " + target);
        }
    }

    @Test
    void theSameSeedGivesTheSameTaskAndAnotherSeedAnother() {
        TaskSet a = Haystack.generate(spec("passkey", 7), 256, tokenizer, lines, Prefixes.E5);
        TaskSet b = Haystack.generate(spec("passkey", 7), 256, tokenizer, lines, Prefixes.E5);
        TaskSet c = Haystack.generate(spec("passkey", 8), 256, tokenizer, lines, Prefixes.E5);
        for (int d = 0; d < 10; d++) {
            assertArrayEquals(a.documents().get(d), b.documents().get(d));
            assertArrayEquals(a.queries().get(d), b.queries().get(d));
        }
        assertNotEquals(Haystack.statements("passkey", 10, 7), Haystack.statements("passkey", 10, 8));
        assertTrue(!java.util.Arrays.equals(a.documents().get(0), c.documents().get(0)));
        // the statements do not depend on n: the same people and keys at every size
        assertEquals(Haystack.statements("needle", 10, 7), Haystack.statements("needle", 10, 7));
    }

    @Test
    void namesKeysAndFactsAreDistinct() {
        List<Haystack.Statement> passkey = Haystack.statements("passkey", 400, 3);
        assertEquals(400, passkey.stream().map(Haystack.Statement::query).distinct().count());
        assertEquals(400, Haystack.statements("needle", 400, 3).stream().map(Haystack.Statement::query).distinct().count());
    }

    @Test
    void aSizeThatCannotHoldTheStatementIsRefused() {
        TaskSpec spec = spec("passkey", 1);
        int need = Haystack.statementTokens(spec, tokenizer, Prefixes.E5);
        Haystack.generate(spec, need, tokenizer, lines, Prefixes.E5); // exactly enough: no filler at all
        String e = assertThrows(TaskInputException.class, () -> Haystack.generate(spec, need - 1, tokenizer, lines, Prefixes.E5)).getMessage();
        assertTrue(e.startsWith("task passkey: context size " + (need - 1) + " cannot hold its statement of "), e);
    }
}
