package org.attentionlab.runners.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * tokenizer.json files laid out as HuggingFace tokenizers saves a GPT-2 style byte-level BPE (ByteLevel pre-tokenizer,
 * post-processor and decoder, no merges): a vocabulary of the first {@code size} byte characters in GPT-2's
 * bytes_to_unicode order, printable ASCII first.
 */
final class CausalTokenizerJson {

    private CausalTokenizerJson() {
    }

    static Path byteLevel(Path dir, int size) throws IOException {
        StringBuilder vocab = new StringBuilder();
        int id = 0;
        for (int c = '!'; c <= '~' && id < size; c++, id++) {
            vocab.append(id == 0 ? "" : ",").append(quote(String.valueOf((char) c))).append(':').append(id);
        }
        // bytes_to_unicode: the bytes that are not printable map to U+0100 upward, space (0x20) to U+0120 'Ġ'
        for (int c = 0x100; id < size; c++, id++) {
            vocab.append(',').append(quote(String.valueOf((char) c))).append(':').append(id);
        }
        String json = """
                {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
                 "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},
                 "post_processor":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},
                 "decoder":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true},
                 "model":{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":"","end_of_word_suffix":"",
                          "fuse_unk":false,"byte_fallback":false,"vocab":{%s},"merges":[]}}
                """.formatted(vocab);
        Path file = dir.resolve("tokenizer-" + size + ".json");
        Files.writeString(file, json);
        return file;
    }

    private static String quote(String s) {
        return "\"" + (s.equals("\"") ? "\\\"" : s.equals("\\") ? "\\\\" : s) + "\"";
    }
}
