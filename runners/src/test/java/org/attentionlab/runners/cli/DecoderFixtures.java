package org.attentionlab.runners.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.attentionlab.core.decoder.synthetic.Gpt2Export;

/** The decoder tests' inputs: a GPT-2-layout export as torch.onnx.export writes it, and tokens files. */
final class DecoderFixtures {

    /** The tiny GPT-2 export's vocabulary. */
    static final int VOCAB = 96;

    private DecoderFixtures() {
    }

    /** {@code count} documents of {@code length} random ids below the vocabulary, one per line. */
    static Path tokens(Path dir, int count, int length, long seed) throws IOException {
        return tokens(dir, count, length, seed, VOCAB);
    }

    /** As above, with ids below {@code vocab}. */
    static Path tokens(Path dir, int count, int length, long seed, int vocab) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < count; d++) {
            for (int i = 0; i < length; i++) {
                text.append(i == 0 ? "" : " ").append(random.nextInt(vocab));
            }
            text.append('\n');
        }
        Path file = dir.resolve("ids.txt");
        Files.writeString(file, text.toString());
        return file;
    }

    static Path export(Path dir, boolean past) throws IOException {
        Path onnx = dir.resolve(past ? "gpt2-past.onnx" : "gpt2.onnx");
        Files.write(onnx, Gpt2Export.write(Gpt2Export.Options.tiny().withPast(past)).onnx());
        return onnx;
    }

}
