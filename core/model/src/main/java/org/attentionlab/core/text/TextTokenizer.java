package org.attentionlab.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.attentionlab.core.model.ModelLoadException;

/**
 * A HuggingFace tokenizer.json through DJL's binding (the Rust library; its jar carries the native
 * code, which DJL copies to its cache directory, {@code ~/.djl.ai} or {@code DJL_CACHE_DIR}).
 *
 * <p>Offline by construction: the tokenizer is built from the json text, and DJL's telemetry call
 * (an EC2 metadata probe over HTTP on every new tokenizer) is switched off with the
 * {@code OPT_OUT_TRACKING} and {@code offline} system properties unless the user set them.
 * The truncation and padding a tokenizer.json may carry (all-MiniLM's truncates to 128) are
 * disabled: documents are assembled to an exact length by {@link Corpus}.
 */
public final class TextTokenizer implements WordTokenizer, AutoCloseable {

    static {
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("offline") == null) {
            System.setProperty("offline", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int clsId;
    private final int sepId;
    private final int padId;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, String source) {
        this.tokenizer = tokenizer;
        try {
            // The post-processor's template on an empty text gives the special tokens around a sequence.
            Encoding empty = tokenizer.encode("", true, false);
            long[] ids = empty.getIds();
            String[] tokens = empty.getTokens();
            if (ids.length != 2) {
                throw new ModelLoadException("tokenizer " + source + " does not frame a sequence as [CLS] ... [SEP] (empty text encodes to "
                        + String.join(" ", tokens) + ")");
            }
            clsId = Math.toIntExact(ids[0]);
            sepId = Math.toIntExact(ids[1]);
            Encoding pad = tokenizer.encode("[PAD]", false, false);
            if (pad.getIds().length != 1 || !pad.getTokens()[0].equals("[PAD]")) {
                throw new ModelLoadException("tokenizer " + source + " has no [PAD] token");
            }
            padId = Math.toIntExact(pad.getIds()[0]);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Reads a tokenizer.json from a stream (the caller closes it). */
    public static TextTokenizer fromJson(InputStream json) {
        return load(json, "stream");
    }

    /**
     * Reads a tokenizer.json file.
     *
     * @throws ModelLoadException "tokenizer not found: PATH" when the file does not exist
     */
    public static TextTokenizer fromFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("tokenizer not found: " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return load(in, path.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer: " + path + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param source where the json comes from, for messages
     */
    public static TextTokenizer load(InputStream json, String source) {
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(json, OPTIONS);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer: " + source + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("not a HuggingFace tokenizer.json: " + source + " (" + firstLine(e.getMessage()) + ")", e);
        }
        return new TextTokenizer(tokenizer, source);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Token ids of a text, without special tokens, without truncation. */
    @Override
    public int[] encodeWords(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The text of token ids (special tokens kept), for reports and debugging. */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    @Override
    public int clsId() {
        return clsId;
    }

    @Override
    public int sepId() {
        return sepId;
    }

    public int padId() {
        return padId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
