package org.attentionlab.core.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.attentionlab.core.model.InputFiles;
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

    static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int maxId;
    private final int clsId;
    private final int sepId;
    private final int padId;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxId, String source) {
        this.tokenizer = tokenizer;
        this.maxId = maxId;
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
        String problem = InputFiles.notRegular(path, "tokenizer");
        if (problem != null) {
            throw new ModelLoadException(problem);
        }
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
        int maxId;
        try {
            byte[] bytes = json.readAllBytes();
            maxId = maxId(bytes);
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), OPTIONS);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer: " + source + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("not a HuggingFace tokenizer.json: " + source + " (" + firstLine(e.getMessage()) + ")", e);
        }
        return new TextTokenizer(tokenizer, maxId, source);
    }

    /**
     * The largest id the tokenizer.json can produce: over its model's vocabulary (WordPiece and BPE keep a
     * token -> id map) and its added tokens. -1 when the file holds neither (the check is then left out).
     */
    static int maxId(byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return -1; // not JSON: the tokenizer library says so with its own message
        }
        int max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                max = Math.max(max, id.asInt(-1));
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1; // Unigram: a list of [piece, score], the id is the index
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt(-1));
        }
        return max;
    }

    static String firstLine(String message) {
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

    /**
     * The largest token id this tokenizer can produce, or -1 when its file does not say; a model whose
     * vocabulary has no row for it cannot run on its output.
     */
    public int maxId() {
        return maxId;
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
