package org.attentionlab.core.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.core.model.ModelLoadException;

/**
 * A causal language model's tokenizer.json (GPT-2's byte-level BPE, Llama's sentencepiece-style BPE) through
 * DJL's binding, with the same offline settings as {@link TextTokenizer}. Unlike an encoder's it frames no
 * sequence as [CLS] ... [SEP]: a document gets what the post-processor puts before a text ({@link #prefix}:
 * Llama's BOS, nothing for GPT-2), then the words, and nothing after.
 */
public final class CausalTextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxId;
    private final int[] prefix;

    private CausalTextTokenizer(HuggingFaceTokenizer tokenizer, int maxId) {
        this.tokenizer = tokenizer;
        this.maxId = maxId;
        this.prefix = toInts(tokenizer.encode("", true, false).getIds());
    }

    /**
     * Reads a tokenizer.json file.
     *
     * @throws ModelLoadException when the file is missing, unreadable or not a tokenizer.json DJL can load
     */
    public static CausalTextTokenizer fromFile(Path path) {
        String problem = org.attentionlab.core.model.InputFiles.notRegular(path, "tokenizer");
        if (problem != null && Files.exists(path)) {
            throw new ModelLoadException(problem);
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("tokenizer not found: " + path);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer: " + path + " (" + e.getMessage() + ")", e);
        }
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), TextTokenizer.OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("not a HuggingFace tokenizer.json: " + path + " (" + TextTokenizer.firstLine(e.getMessage()) + ")", e);
        }
        return new CausalTextTokenizer(tokenizer, TextTokenizer.maxId(bytes));
    }

    /** The text of token ids (special tokens kept), for reports such as the attention explorer's token labels. */
    public String decode(int[] ids) {
        return tokenizer.decode(java.util.Arrays.stream(ids).asLongStream().toArray(), false);
    }

    /** Token ids of a text, without special tokens, without truncation. */
    public int[] encodeWords(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /** The ids the tokenizer's post-processor puts before a text (empty for GPT-2, BOS for Llama). */
    public int[] prefix() {
        return prefix.clone();
    }

    /** The largest id the tokenizer can produce, or -1 when its file does not say. */
    public int maxId() {
        return maxId;
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
