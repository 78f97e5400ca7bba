package org.attentionlab.runners.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves and checks the {@code tasks:} of an experiment before anything is read: known task names, the fields
 * each task takes (a field of another task is an error, not ignored), defaults filled, unique labels, and what
 * the context sizes alone decide (recall's sequence must hold its pairs and queries). What needs the tokenizer
 * (a statement that fits in n tokens) or the files of a labelled set is checked by the tasks package once they
 * are read, still before any forward pass.
 */
public final class TaskSpecs {

    /** The most candidate documents of passkey and needle: each needs its own name or fact. */
    public static final int MAX_HAYSTACK_DOCUMENTS = 400;

    private TaskSpecs() {
    }

    /** The tasks with every default filled; an empty list when none are given. */
    public static List<TaskSpec> resolve(List<TaskSpec> tasks, LoadedConfig loaded) {
        if (tasks == null) {
            return List.of();
        }
        ConfigSource src = loaded.source();
        List<TaskSpec> resolved = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            String base = "/tasks/" + i;
            String at = src.at(base) + "tasks[" + i + "]: ";
            if (t == null || t.task() == null || t.task().isBlank()) {
                throw new ConfigException(at + "'task' is required; known: " + String.join(", ", TaskSpec.NAMES));
            }
            if (!TaskSpec.NAMES.contains(t.task())) {
                throw new ConfigException(src.at(base + "/task") + "tasks[" + i + "]: unknown task '" + t.task() + "'; known: "
                        + String.join(", ", TaskSpec.NAMES));
            }
            String label = t.label() == null ? t.task() : t.label();
            if (label.isBlank() || label.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(src.at(base + "/label") + "tasks[" + i + "]: 'label' must be a non-empty name without control characters");
            }
            if (!labels.add(label)) {
                throw new ConfigException(at + "two tasks are stored as '" + label + "'; give each its own 'label'");
            }
            resolved.add(switch (t.task()) {
                case TaskSpec.PASSKEY, TaskSpec.NEEDLE -> haystack(t, label, src, base, i);
                case TaskSpec.RETRIEVAL -> retrieval(t, label, loaded, base, i);
                default -> recall(t, label, src, base, i);
            });
        }
        return List.copyOf(resolved);
    }

    private static TaskSpec haystack(TaskSpec t, String label, ConfigSource src, String base, int i) {
        refuse(t.format(), "format", t, src, base, i);
        refuse(t.path(), "path", t, src, base, i);
        refuse(t.pairs(), "pairs", t, src, base, i);
        refuse(t.queries(), "queries", t, src, base, i);
        refuse(t.vocab(), "vocab", t, src, base, i);
        int documents = t.documents() == null ? TaskSpec.DEFAULT_DOCUMENTS : t.documents();
        if (documents < 2 || documents > MAX_HAYSTACK_DOCUMENTS) {
            throw new ConfigException(src.at(base + "/documents") + "tasks[" + i + "]: 'documents' must be in [2, " + MAX_HAYSTACK_DOCUMENTS
                    + "] (one candidate document per query; with one, every query is a hit), got " + documents);
        }
        List<Integer> depths = t.depths() == null ? TaskSpec.DEFAULT_DEPTHS : t.depths();
        if (depths.isEmpty()) {
            throw new ConfigException(src.at(base + "/depths") + "tasks[" + i + "]: 'depths' must list at least one depth in percent, e.g. [0, 50, 100]");
        }
        Set<Integer> seen = new HashSet<>();
        for (int d = 0; d < depths.size(); d++) {
            Integer depth = depths.get(d);
            if (depth == null || depth < 0 || depth > 100) {
                throw new ConfigException(src.at(base + "/depths/" + d) + "tasks[" + i + "]: 'depths[" + d + "]' must be a percentage in [0, 100], got " + depth);
            }
            if (!seen.add(depth)) {
                throw new ConfigException(src.at(base + "/depths/" + d) + "tasks[" + i + "]: 'depths' lists " + depth + " twice");
            }
        }
        if (documents < depths.size()) {
            throw new ConfigException(src.at(base + "/documents") + "tasks[" + i + "]: 'documents' " + documents + " is fewer than the "
                    + depths.size() + " depths: each depth needs at least one document");
        }
        long seed = t.seed() == null ? TaskSpec.DEFAULT_SEED : t.seed();
        return new TaskSpec(t.task(), label, documents, List.copyOf(depths), seed, null, null, null, null, null);
    }

    private static TaskSpec retrieval(TaskSpec t, String label, LoadedConfig loaded, String base, int i) {
        ConfigSource src = loaded.source();
        refuse(t.documents(), "documents", t, src, base, i);
        refuse(t.depths(), "depths", t, src, base, i);
        refuse(t.seed(), "seed", t, src, base, i);
        refuse(t.pairs(), "pairs", t, src, base, i);
        refuse(t.queries(), "queries", t, src, base, i);
        refuse(t.vocab(), "vocab", t, src, base, i);
        String format = t.format() == null ? TaskSpec.BEIR : t.format();
        if (!TaskSpec.BEIR.equals(format)) {
            throw new ConfigException(src.at(base + "/format") + "tasks[" + i + "]: 'format' must be beir (corpus.jsonl, queries.jsonl, "
                    + "qrels/test.tsv), got '" + format + "'");
        }
        if (t.path() == null || t.path().isBlank()) {
            throw new ConfigException(at(src, base, i) + "task retrieval needs 'path': the folder holding corpus.jsonl, queries.jsonl and qrels/test.tsv");
        }
        String path = loaded.resolve(t.path());
        if (!Files.isDirectory(Path.of(path))) {
            throw new ConfigException(src.at(base + "/path") + "tasks[" + i + "]: " + path + " is not a folder");
        }
        return new TaskSpec(t.task(), label, null, null, null, format, path, null, null, null);
    }

    private static TaskSpec recall(TaskSpec t, String label, ConfigSource src, String base, int i) {
        refuse(t.documents(), "documents", t, src, base, i);
        refuse(t.depths(), "depths", t, src, base, i);
        refuse(t.format(), "format", t, src, base, i);
        refuse(t.path(), "path", t, src, base, i);
        if (t.pairs() == null || t.pairs().isEmpty()) {
            throw new ConfigException(at(src, base, i) + "task recall needs 'pairs': key-value pairs per sequence, e.g. [8, 32, 128]");
        }
        Set<Integer> seen = new HashSet<>();
        for (int p = 0; p < t.pairs().size(); p++) {
            Integer pairs = t.pairs().get(p);
            if (pairs == null || pairs < 1) {
                throw new ConfigException(src.at(base + "/pairs/" + p) + "tasks[" + i + "]: 'pairs[" + p + "]' must be >= 1, got " + pairs);
            }
            if (!seen.add(pairs)) {
                throw new ConfigException(src.at(base + "/pairs/" + p) + "tasks[" + i + "]: 'pairs' lists " + pairs + " twice");
            }
        }
        int queries = t.queries() == null ? TaskSpec.DEFAULT_QUERIES : t.queries();
        if (queries < 1) {
            throw new ConfigException(src.at(base + "/queries") + "tasks[" + i + "]: 'queries' must be >= 1, got " + queries);
        }
        int vocab = t.vocab() == null ? TaskSpec.DEFAULT_VOCAB : t.vocab();
        int largestPairs = t.pairs().stream().max(Integer::compare).orElseThrow();
        if (vocab / 2 - 1 < largestPairs) {
            throw new ConfigException(src.at(base + "/vocab") + "tasks[" + i + "]: 'vocab' " + vocab + " is too small for " + largestPairs
                    + " pairs: keys are distinct tokens of [1, vocab/2) and values of [vocab/2, vocab) (token 0 is the filler), so it "
                    + "needs at least " + (2 * largestPairs + 2));
        }
        long seed = t.seed() == null ? TaskSpec.DEFAULT_SEED : t.seed();
        return new TaskSpec(t.task(), label, null, null, seed, null, null, List.copyOf(t.pairs()), queries, vocab);
    }

    /** What the context sizes alone decide: a recall sequence holds its pairs and queries at every size. */
    public static void checkSizes(List<TaskSpec> tasks, List<Integer> sizes, ConfigSource src) {
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            if (!TaskSpec.RECALL.equals(t.task())) {
                continue;
            }
            int largestPairs = t.pairs().stream().max(Integer::compare).orElseThrow();
            int asked = Math.min(largestPairs, t.queries()); // each key is asked at most once
            for (int s = 0; s < sizes.size(); s++) {
                int need = 1 + 2 * largestPairs + asked;
                if (need > sizes.get(s)) {
                    throw new ConfigException(src.at("/tasks/" + i + "/pairs") + "tasks[" + i + "]: pairs " + largestPairs + " x 2 + queries "
                            + asked + " + 1 first filler token = " + need + " tokens do not fit in context size " + sizes.get(s)
                            + " (contextSizes[" + s + "])");
                }
            }
        }
    }

    private static void refuse(Object value, String field, TaskSpec t, ConfigSource src, String base, int i) {
        if (value != null) {
            throw new ConfigException(src.at(base + "/" + field) + "tasks[" + i + "]: '" + field + "' does not apply to task " + t.task());
        }
    }

    private static String at(ConfigSource src, String base, int i) {
        return src.at(base) + "tasks[" + i + "]: ";
    }
}
