package org.attentionlab.core.decoder.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.attentionlab.core.model.AtomicFile;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.text.Corpus;

/**
 * The decoder quickstart's model: a GPT-2-layout export with seeded weights ({@link Gpt2Export}: 4 layers,
 * 4 heads of 64, dModel 256, 2048 positions, with past) and a byte-level BPE tokenizer.json of 2048 ids learned
 * from the first 1500 Europarl lines ({@link ByteLevelBpe}), written on first use into a cache folder (default
 * {@code ~/.cache/attention-lab/synthetic/<version>/}) and reused afterwards. Its weights are random: what a run
 * on it measures is each variant's approximation error on this network, not language quality.
 */
public final class SyntheticGpt2 {

    /** The name a config gives the model. */
    public static final String NAME = "synthetic-gpt2";
    /** Bumped whenever the writer's output changes, so that an old cache is not reused. */
    static final String VERSION = "v2"; // v2: final-norm gains that keep logits moderate
    /** Vocabulary size of the tokenizer and the model. */
    public static final int VOCAB = 2048;
    private static final int TOKENIZER_LINES = 1500;

    private SyntheticGpt2() {
    }

    /** The export's shape: 4 layers, 4 heads, dModel 256, 2048 positions, with past, tied lm_head, seed 18. */
    public static Gpt2Export.Options options() {
        return new Gpt2Export.Options(4, 4, 256, VOCAB, 2048, true, true, true, Gpt2Export.Conv1d.GEMM, true, 18, 0.5f);
    }

    /** {@code ~/.cache/attention-lab/synthetic}. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".cache", "attention-lab", "synthetic");
    }

    /** The two files of the model. */
    public record Written(Path onnx, Path tokenizer) {
    }

    /**
     * The export and tokenizer under {@code cacheFolder/VERSION/}, written now (atomically, each to a temporary
     * file moved into place) when either is missing.
     *
     * @throws ModelLoadException when the folder cannot be written
     */
    public static Written ensure(Path cacheFolder) {
        Path dir = cacheFolder.resolve(VERSION);
        Path onnx = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(onnx) && Files.isRegularFile(tokenizer)) {
            return new Written(onnx, tokenizer);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelLoadException("the synthetic model's folder " + dir + " cannot be created (" + e.getMessage() + ")", e);
        }
        if (!Files.isRegularFile(tokenizer)) {
            List<String> lines = Corpus.europarlEnglish().lines();
            String json = ByteLevelBpe.learn(lines.subList(0, Math.min(TOKENIZER_LINES, lines.size())), VOCAB).tokenizerJson();
            write(tokenizer, json.getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.isRegularFile(onnx)) {
            write(onnx, Gpt2Export.write(options()).onnx());
        }
        return new Written(onnx, tokenizer);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new ModelLoadException("cannot write the synthetic model file " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
