package org.attentionlab.runners.execute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.text.CausalTextTokenizer;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.CorpusSample;
import org.attentionlab.core.text.TokenCorpus;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.results.CorpusCoverage;
import org.attentionlab.runners.results.InputFile;

/**
 * A causal language model, loaded: the decoder and its reference ({@link CausalLm}), and its documents, either a
 * tokens file ({@code corpus: { tokens: ids.txt }}, run as written) or text through the export's tokenizer, framed
 * as the tokenizer's post-processor frames a text (Llama's BOS first; nothing for GPT-2).
 */
public final class LoadedDecoder implements AutoCloseable {

    private final ModelSource source;
    private final CausalLm lm;
    private final TokenCorpus tokens;
    private final Corpus text;
    private final CausalTextTokenizer tokenizer;
    private final Map<String, CorpusSample> samples = new HashMap<>();

    LoadedDecoder(ModelSource source, CausalLm lm, TokenCorpus tokens, Corpus text, CausalTextTokenizer tokenizer) {
        this.source = source;
        this.lm = lm;
        this.tokens = tokens;
        this.text = text;
        this.tokenizer = tokenizer;
    }

    /**
     * Reads the documents the config names for {@code lm}: the tokens file, else the text corpus through the
     * tokenizer (which the config then gives).
     */
    static LoadedDecoder open(ExperimentConfig config, ModelSource source, CausalLm lm) {
        CorpusSpec c = config.corpus();
        if (c.tokens() != null) {
            return new LoadedDecoder(source, lm, TokenCorpus.file(Path.of(c.tokens())), null, null);
        }
        Corpus corpus = c.file() != null ? Corpus.file(Path.of(c.file())) : Corpus.europarlEnglish();
        // the user's tokenizer.json, or the one written beside a synthetic export
        String tokenizer = config.reference().tokenizer() != null ? config.reference().tokenizer() : source.tokenizerName();
        return new LoadedDecoder(source, lm, null, corpus, CausalTextTokenizer.fromFile(Path.of(tokenizer)));
    }

    public CausalLm lm() {
        return lm;
    }

    /** The tokens file, or null when the documents are text. */
    public TokenCorpus tokens() {
        return tokens;
    }

    /** The tokenizer, or null with a tokens file. */
    public CausalTextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The text corpus, or null with a tokens file. */
    public Corpus text() {
        return text;
    }

    /**
     * {@code count} documents of exactly {@code length} ids; the same every call.
     *
     * @param why what needs the length, for the line a too-short tokens document is refused with
     */
    public List<int[]> documents(int length, int count, String why) {
        if (tokens != null) {
            return tokens.documents(length, count, why);
        }
        return sample(length, count).documents();
    }

    /** Text documents with the count of corpus lines they used; tokenized once and kept. */
    public synchronized CorpusSample sample(int length, int count) {
        if (text == null) {
            throw new IllegalStateException("a tokens file has no text sample");
        }
        return samples.computeIfAbsent(length + "x" + count,
                k -> text.sampleFramed(tokenizer::encodeWords, tokenizer.prefix(), new int[0], length, count));
    }

    /** The corpus lines the documents of {@code length} ids read: each line of a tokens file is one document. */
    public CorpusCoverage coverage(int contextSize, int length, int count) {
        if (tokens != null) {
            return new CorpusCoverage(contextSize, count, count, count, tokens.all().size());
        }
        CorpusSample s = sample(length, count);
        return new CorpusCoverage(contextSize, count, s.distinctLines(), s.linesUsed(), text.lines().size());
    }

    /** Where the tokenizer was read from, or null with a tokens file. */
    public String tokenizerName() {
        return tokenizer == null ? null : source.tokenizerName();
    }

    /** The name of the documents' source, for messages. */
    public String corpusName() {
        return tokens != null ? tokens.name() : text.name();
    }

    /** The model file, the tokenizer file (when given) and the documents' file with their SHA-256. */
    public List<InputFile> inputs() {
        List<InputFile> inputs = new ArrayList<>();
        inputs.add(new InputFile(InputFile.MODEL, source.name(), source.onnxSha256()));
        if (tokenizer != null) {
            inputs.add(new InputFile(InputFile.TOKENIZER, source.tokenizerName(), source.tokenizerSha256()));
        }
        inputs.add(tokens != null ? new InputFile(InputFile.CORPUS, tokens.name(), tokens.sha256())
                : new InputFile(InputFile.CORPUS, text.name(), text.sha256()));
        return inputs;
    }

    @Override
    public void close() {
        lm.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
