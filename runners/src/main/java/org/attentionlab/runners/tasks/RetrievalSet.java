package org.attentionlab.runners.tasks;

import java.util.List;
import org.attentionlab.core.text.WordTokenizer;

/**
 * A BEIR set tokenized once, cut to each context size: a document longer than n keeps its first n - 2 tokens
 * between [CLS] and [SEP]; a shorter one is embedded at its own length, which is what padding it to n with an
 * attention mask gives (mean pooling over its real tokens). Queries are cut the same way.
 */
public final class RetrievalSet {

    private final String label;
    private final BeirSet set;
    private final List<int[]> documents;
    private final List<int[]> queries;
    private final WordTokenizer tokenizer;

    public RetrievalSet(String label, BeirSet set, WordTokenizer tokenizer, Prefixes prefixes) {
        this.label = label;
        this.set = set;
        this.tokenizer = tokenizer;
        this.documents = set.documents().stream().map(t -> tokenizer.encodeWords(prefixes.passage() + t)).toList();
        this.queries = set.queries().stream().map(t -> tokenizer.encodeWords(prefixes.query() + t)).toList();
    }

    public BeirSet set() {
        return set;
    }

    /** The set at context size n. */
    public TaskSet at(int n) {
        return new TaskSet(label, set.documentIds(), documents.stream().map(d -> Haystack.wrap(tokenizer, d, n)).toList(),
                queries.stream().map(q -> Haystack.wrap(tokenizer, q, n)).toList(), set.relevant(), null);
    }
}
