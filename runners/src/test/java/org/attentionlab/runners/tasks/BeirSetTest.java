package org.attentionlab.runners.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BEIR layout as BEIR writes it, and every defect named with its file and line. */
class BeirSetTest {

    @TempDir
    Path dir;

    static final String CORPUS = """
            {"_id": "d1", "title": "Tides", "text": "The Moon raises the tides."}
            {"_id": "d2", "title": "", "text": "Bread rises because of yeast."}
            {"_id": "d3", "text": "Bees make honey from nectar."}
            """;
    static final String QUERIES = """
            {"_id": "q1", "text": "what causes tides"}
            {"_id": "q2", "text": "how is honey made"}
            {"_id": "q3", "text": "nothing relevant"}
            """;
    static final String QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\nq2\td3\t1\nq3\td2\t0\n";

    void write(String corpus, String queries, String qrels) throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"), corpus);
        Files.writeString(dir.resolve("queries.jsonl"), queries);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), qrels);
    }

    String error(String corpus, String queries, String qrels) throws IOException {
        write(corpus, queries, qrels);
        return assertThrows(TaskInputException.class, () -> BeirSet.read(dir)).getMessage();
    }

    @Test
    void readsTheLayoutAndScoresOnlyQueriesWithARelevantDocument() throws IOException {
        write(CORPUS, QUERIES, QRELS);
        BeirSet set = BeirSet.read(dir);
        assertEquals(3, set.documents().size());
        assertEquals("Tides The Moon raises the tides.", set.documents().get(0));
        assertEquals("Bread rises because of yeast.", set.documents().get(1), "an empty title adds nothing");
        assertEquals(java.util.List.of("q1", "q2"), set.queryIds(), "q3 judges nothing relevant");
        assertEquals(Map.of(0, 2, 1, 0), set.relevant().get(0));
    }

    @Test
    void theShippedMiniSetReads() {
        BeirSet set = BeirSet.read(Path.of("../configs/data/mini-beir"));
        assertEquals(24, set.documents().size());
        assertEquals(12, set.queries().size());
    }

    @Test
    void invalidJsonNamesFileAndLine() throws IOException {
        String e = error(CORPUS.replace("{\"_id\": \"d2\"", "{\"_id\": \"d2\",,"), QUERIES, QRELS);
        assertEquals(dir.resolve("corpus.jsonl") + ":2: invalid JSON: ", e.substring(0, e.indexOf("JSON: ") + 6));
    }

    @Test
    void aMissingIdOrTextNamesFileAndLine() throws IOException {
        assertEquals(dir.resolve("queries.jsonl") + ":3: missing \"_id\"", error(CORPUS, QUERIES.replace("\"_id\": \"q3\", ", ""), QRELS));
        assertEquals(dir.resolve("corpus.jsonl") + ":3: missing \"text\" (a string)",
                error(CORPUS.replace("\"text\": \"Bees make honey from nectar.\"", "\"body\": 1"), QUERIES, QRELS));
    }

    @Test
    void aMissingColumnNamesFileAndLine() throws IOException {
        assertEquals(dir.resolve("qrels/test.tsv") + ":3: expected 3 tab-separated columns (query-id, corpus-id, score), got 2",
                error(CORPUS, QUERIES, QRELS.replace("q1\td2\t0", "q1\td2")));
    }

    @Test
    void aQrelNamingAnUnknownIdNamesFileAndLine() throws IOException {
        assertEquals(dir.resolve("qrels/test.tsv") + ":4: corpus-id 'd9' is not in " + dir.resolve("corpus.jsonl"),
                error(CORPUS, QUERIES, QRELS.replace("q2\td3", "q2\td9")));
        assertEquals(dir.resolve("qrels/test.tsv") + ":2: query-id 'q7' is not in " + dir.resolve("queries.jsonl"),
                error(CORPUS, QUERIES, QRELS.replace("q1\td1", "q7\td1")));
        assertEquals(dir.resolve("qrels/test.tsv") + ":2: score must be an integer grade, got 'high'",
                error(CORPUS, QUERIES, QRELS.replace("q1\td1\t2", "q1\td1\thigh")));
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        write(CORPUS, QUERIES, QRELS);
        Files.delete(dir.resolve("qrels/test.tsv"));
        assertEquals(dir.resolve("qrels/test.tsv") + ": no such file (a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv)",
                assertThrows(TaskInputException.class, () -> BeirSet.read(dir)).getMessage());
    }
}
