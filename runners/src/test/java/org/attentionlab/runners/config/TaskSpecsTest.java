package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/** tasks: in an experiment: defaults, the fields each task takes, and what the sizes alone refuse; one line each. */
class TaskSpecsTest {

    private static final ConfigValidator VALIDATOR = new ConfigValidator(PluginRegistry.load(), ModelSource.builtInNames());

    private static ExperimentConfig resolve(String tasks) {
        return VALIDATOR.resolve(ConfigLoader.parse("name: x\ncontextSizes: [64, 256]\nvariants: [ { name: full } ]\ntasks:\n" + tasks, "x.yaml"));
    }

    private static String error(String tasks) {
        return assertThrows(ConfigException.class, () -> resolve(tasks)).getMessage();
    }

    @Test
    void defaultsAreFilledAndTasksAloneHaveNoAgreementDocuments() {
        ExperimentConfig c = resolve("  - { task: passkey }\n  - { task: needle, documents: 8, depths: [0, 100], seed: 4 }\n");
        assertEquals(new TaskSpec("passkey", "passkey", 50, List.of(0, 25, 50, 75, 100), 1L, null, null, null, null, null), c.tasks().get(0));
        assertEquals(new TaskSpec("needle", "needle", 8, List.of(0, 100), 4L, null, null, null, null, null), c.tasks().get(1));
        assertEquals(0, c.corpus().documents(), "no corpus block: the tasks run alone");
        assertEquals(CorpusSpec.EUROPARL, c.corpus().source(), "filler from the built-in corpus");
    }

    @Test
    void aResolvedTasksAloneConfigResolvesAgainAsAResumeDoes() {
        ExperimentConfig c = VALIDATOR.resolve(ConfigLoader.parse(
                "name: x\ncontextSizes: [64]\nvariants: [ { name: full } ]\ncorpus: { source: europarl-en, documents: 0 }\n"
                        + "diagnostics: { enabled: false, documents: 1 }\ntasks: [ { task: needle, documents: 5 } ]\n", "run.json"));
        assertEquals(0, c.corpus().documents());
        assertEquals("x.yaml:4:32: 'corpus.documents' must be >= 1, got 0", assertThrows(ConfigException.class, () -> VALIDATOR.resolve(
                ConfigLoader.parse("name: x\ncontextSizes: [64]\nvariants: [ { name: full } ]\ncorpus: { source: europarl-en, documents: 0 }\n",
                        "x.yaml"))).getMessage(), "without tasks a corpus needs documents");
    }

    @Test
    void recallDefaults() {
        ExperimentConfig c = resolve("  - { task: recall, pairs: [8, 16] }\n");
        assertEquals(new TaskSpec("recall", "recall", null, null, 1L, null, null, List.of(8, 16), 16, 256), c.tasks().get(0));
    }

    @Test
    void anUnknownTaskIsRefused() {
        assertEquals("x.yaml:5:7: tasks[0]: unknown task 'haystack'; known: passkey, needle, retrieval, recall",
                error("  - { task: haystack }\n"));
    }

    @Test
    void aFieldOfAnotherTaskIsRefused() {
        assertEquals("x.yaml:5:22: tasks[0]: 'pairs' does not apply to task passkey", error("  - { task: passkey, pairs: [8] }\n"));
        assertEquals("x.yaml:5:33: tasks[0]: 'depths' does not apply to task recall",
                error("  - { task: recall, pairs: [8], depths: [0] }\n"));
    }

    @Test
    void aDepthOutsideZeroToHundredIsRefused() {
        assertEquals("x.yaml:5:33: tasks[0]: 'depths[1]' must be a percentage in [0, 100], got 101",
                error("  - { task: needle, depths: [0, 101] }\n"));
    }

    @Test
    void pairsTimesTwoPlusQueriesLargerThanNIsRefused() {
        assertEquals("x.yaml:5:21: tasks[0]: pairs 32 x 2 + queries 16 + 1 first filler token = 81 tokens do not fit in context size 64 (contextSizes[0])",
                error("  - { task: recall, pairs: [8, 32] }\n"));
    }

    @Test
    void decodeWithTasksAloneIsRefused() {
        assertEquals("x.yaml:6:1: 'decode' continues the corpus documents after n tokens; this experiment runs its tasks alone (no corpus "
                + "documents): give corpus: { documents: N } or drop decode",
                error("  - { task: recall, pairs: [8] }\ndecode: { tokens: 4 }\n"));
    }

    @Test
    void aVocabTooSmallForThePairsIsRefused() {
        assertEquals("x.yaml:5:33: tasks[0]: 'vocab' 10 is too small for 8 pairs: keys are distinct tokens of [1, vocab/2) and values of "
                + "[vocab/2, vocab) (token 0 is the filler), so it needs at least 18",
                error("  - { task: recall, pairs: [8], vocab: 10, queries: 4 }\n"));
    }

    @Test
    void retrievalNeedsAFolder() {
        assertEquals("x.yaml:5:5: tasks[0]: task retrieval needs 'path': the folder holding corpus.jsonl, queries.jsonl and qrels/test.tsv",
                error("  - { task: retrieval }\n"));
        assertEquals("x.yaml:5:33: tasks[0]: 'format' must be beir (corpus.jsonl, queries.jsonl, qrels/test.tsv), got 'msmarco'",
                error("  - { task: retrieval, path: ., format: msmarco }\n"));
    }

    @Test
    void twoTasksUnderOneLabelAreRefused() {
        assertEquals("x.yaml:6:5: tasks[1]: two tasks are stored as 'passkey'; give each its own 'label'",
                error("  - { task: passkey }\n  - { task: passkey, seed: 2 }\n"));
    }

    @Test
    void tasksDoNotApplyToAKernelSweep() {
        String e = assertThrows(ConfigException.class, () -> VALIDATOR.resolve(ConfigLoader.parse(
                "name: x\nkind: kernel\ncontextSizes: [64]\nvariants: [ { name: full } ]\ntasks: [ { task: passkey } ]\n", "x.yaml"))).getMessage();
        assertEquals("x.yaml:5:1: 'tasks' only applies to kind: model (a kernel sweep has no model to ask)", e);
    }
}
