package org.attentionlab.runners.tasks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.text.WordTokenizer;
import org.attentionlab.runners.config.ConfigException;
import org.attentionlab.runners.config.ConfigSource;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.TaskSpec;

/**
 * The inputs of an experiment's tasks for one model: passkey and needle generated from the corpus lines, labelled
 * sets read and tokenized once. {@link #check} is what validate and run refuse before any forward pass.
 */
public final class TaskInputs {

    private final WordTokenizer tokenizer;
    private final List<String> fillerLines;
    private final Prefixes prefixes;
    private final Map<String, RetrievalSet> retrieval = new HashMap<>();

    /**
     * @param fillerLines the corpus passkey and needle read their filler from (the experiment's, else the built-in one)
     * @param prefixes    what the model expects before queries and passages
     */
    public TaskInputs(WordTokenizer tokenizer, List<String> fillerLines, Prefixes prefixes) {
        this.tokenizer = tokenizer;
        this.fillerLines = fillerLines;
        this.prefixes = prefixes;
    }

    /** The task's documents and queries at size n; the same seed gives the same set. */
    public synchronized TaskSet at(TaskSpec spec, int n) {
        if (spec.isHaystack()) {
            return Haystack.generate(spec, n, tokenizer, fillerLines, prefixes);
        }
        if (TaskSpec.RETRIEVAL.equals(spec.task())) {
            return retrieval.computeIfAbsent(spec.path(), p -> new RetrievalSet(spec.label(), BeirSet.read(Path.of(p)), tokenizer, prefixes)).at(n);
        }
        throw new IllegalArgumentException("task " + spec.task() + " runs on a decoder");
    }

    /**
     * A task for the other kind of model: passkey, needle and retrieval rank documents by embedding (encoders), recall
     * reads next-token logits (decoders). Needs no tokenizer: a decoder's run checks it as an encoder's does.
     *
     * @param decoder   whether the model is a causal decoder
     * @param modelName the model as the reports name it
     */
    public static void checkKind(ExperimentConfig c, boolean decoder, String modelName, ConfigSource src) {
        List<TaskSpec> tasks = c.tasksOrEmpty();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            String at = src.at("/tasks/" + i + "/task") + "tasks[" + i + "]: ";
            if (decoder && t.forEncoders()) {
                throw new ConfigException(at + "task " + t.task() + " ranks documents by embedding and runs on an encoder; "
                        + modelName + " is a causal decoder (its task is recall)");
            }
            if (!decoder && !t.forEncoders()) {
                throw new ConfigException(at + "task recall reads a decoder's next-token prediction; " + modelName
                        + " is an encoder (its tasks are passkey, needle and retrieval)");
            }
        }
    }

    /**
     * A decoder's recall tasks against its vocabulary: keys and values are token ids below {@code vocab}, so a
     * {@code vocab} larger than the model's logits would ask for tokens the model has no row for.
     *
     * @param modelVocab the width of the model's logits
     */
    public static void checkRecall(ExperimentConfig c, int modelVocab, String modelName, ConfigSource src) {
        List<TaskSpec> tasks = c.tasksOrEmpty();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            if (TaskSpec.RECALL.equals(t.task()) && t.vocab() > modelVocab) {
                throw new ConfigException(src.at("/tasks/" + i + "/vocab") + "tasks[" + i + "]: 'vocab' " + t.vocab() + " is larger than the "
                        + "vocabulary of " + modelName + " (" + modelVocab + " tokens): keys and values are token ids below vocab");
            }
        }
    }

    /**
     * Everything about the tasks that needs the model's tokenizer or the task files, checked before any forward
     * pass: a task for the other kind of model, a size too small for a statement, a malformed labelled set.
     *
     * @param decoder   whether the model is a causal decoder
     * @param modelName the model as the reports name it
     */
    public void check(ExperimentConfig c, boolean decoder, String modelName, ConfigSource src) {
        checkKind(c, decoder, modelName, src);
        List<TaskSpec> tasks = c.tasksOrEmpty();
        int smallest = c.contextSizes().stream().min(Integer::compare).orElseThrow();
        int smallestIndex = c.contextSizes().indexOf(smallest);
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            if (t.isHaystack()) {
                int need = Haystack.statementTokens(t, tokenizer, prefixes);
                if (need > smallest) {
                    throw new ConfigException(src.at("/contextSizes/" + smallestIndex) + "context size " + smallest + " cannot hold task "
                            + t.label() + "'s inserted statement: it takes up to " + need + " tokens with [CLS], [SEP] and the passage prefix");
                }
            } else if (TaskSpec.RETRIEVAL.equals(t.task())) {
                at(t, smallest); // reads and checks the files: one line with file:line
            }
        }
    }
}
