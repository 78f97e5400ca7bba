package org.attentionlab.core.decoder.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A GPT-2-style byte-level BPE vocabulary learned from text, written as the tokenizer.json HuggingFace
 * tokenizers (and so DJL) load: GPT-2's byte-to-unicode alphabet (256 symbols), its pre-tokenizing pattern,
 * merges learned greedily (the most frequent adjacent pair of the words, ties broken by the pair's text, so
 * the result depends on the text alone), and {@code <|endoftext|>} as the last id.
 */
public final class ByteLevelBpe {

    /** GPT-2's pre-tokenizer pattern: contractions, letters, digits, other runs, with one leading space. */
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    /** The special token GPT-2 ends documents with. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    private final List<String> vocab;
    private final List<String[]> merges;

    private ByteLevelBpe(List<String> vocab, List<String[]> merges) {
        this.vocab = vocab;
        this.merges = merges;
    }

    /** Token strings by id (the special token last). */
    public List<String> vocab() {
        return vocab;
    }

    /** GPT-2's map from a byte (0..255) to the printable character that stands for it. */
    static char[] byteAlphabet() {
        char[] map = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            direct[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            direct[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            direct[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = direct[b] ? (char) b : (char) (256 + next++);
        }
        return map;
    }

    /**
     * Learns {@code size - 257} merges from {@code lines}, for a vocabulary of {@code size} ids (256 bytes, the
     * merges, the end-of-text token).
     */
    public static ByteLevelBpe learn(List<String> lines, int size) {
        char[] alphabet = byteAlphabet();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            Matcher m = WORDS.matcher(line);
            while (m.find()) {
                byte[] bytes = m.group().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                StringBuilder s = new StringBuilder();
                for (byte b : bytes) {
                    s.append(alphabet[b & 0xFF]);
                }
                counts.merge(s.toString(), 1, Integer::sum);
            }
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<String> symbols = new ArrayList<>();
            for (char c : e.getKey().toCharArray()) {
                symbols.add(String.valueOf(c));
            }
            words.add(symbols);
            freq.add(e.getValue());
        });
        List<String> vocab = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(alphabet[b]));
        }
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() < size - 1) {
            Map<String, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairs.merge(s.get(i) + "\u0000" + s.get(i + 1), freq.get(w), Integer::sum);
                }
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null || bestCount < 2) {
                break;
            }
            String[] pair = best.split("\u0000", 2);
            String joined = pair[0] + pair[1];
            merges.add(pair);
            vocab.add(joined);
            for (List<String> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) {
                        s.set(i, joined);
                        s.remove(i + 1);
                    }
                }
            }
        }
        // a text too small to learn enough merges leaves the vocabulary short: pad it with unused tokens
        for (int i = 0; vocab.size() < size - 1; i++) {
            vocab.add("<|unused" + i + "|>");
        }
        vocab.add(END_OF_TEXT);
        return new ByteLevelBpe(vocab, merges);
    }

    /** The tokenizer.json text: byte-level pre-tokenizer and decoder, BPE model, the end-of-text added token. */
    public String tokenizerJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        int eot = vocab.size() - 1;
        for (int id = 256 + merges.size(); id < vocab.size(); id++) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", vocab.get(id));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", id != eot);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(mapper, false));
        root.set("post_processor", byteLevel(mapper, true).put("trim_offsets", false));
        root.set("decoder", byteLevel(mapper, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode v = model.putObject("vocab");
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int id = 0; id < vocab.size(); id++) {
            ids.putIfAbsent(vocab.get(id), id);
        }
        ids.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) {
            m.add(pair[0] + " " + pair[1]);
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode byteLevel(ObjectMapper mapper, boolean prefixSpace) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", prefixSpace);
        n.put("trim_offsets", true);
        n.put("use_regex", true);
        return n;
    }
}
