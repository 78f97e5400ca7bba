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
        // words as symbol ids; pair counts kept up to date incrementally, with the words each pair occurs in
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> symbolIds = new HashMap<>();
        List<int[]> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String word = e.getKey();
            int[] ids = new int[word.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = symbolIds.computeIfAbsent(String.valueOf(word.charAt(i)), k -> {
                    symbols.add(k);
                    return symbols.size() - 1;
                });
            }
            words.add(ids);
            freq.add(e.getValue());
        });
        Map<Long, Integer> pairs = new HashMap<>();
        Map<Long, java.util.Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            addPairs(words.get(w), freq.get(w), w, pairs, where);
        }
        java.util.PriorityQueue<Ranked> heap = new java.util.PriorityQueue<>();
        pairs.forEach((pair, count) -> heap.add(new Ranked(pair, count, pairText(symbols, pair))));
        List<String> vocab = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(alphabet[b]));
        }
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() < size - 1) {
            long best = -1;
            int bestCount = 0;
            // the heap holds every count a pair has had: an entry whose count is no longer the pair's is stale
            while (!heap.isEmpty()) {
                Ranked top = heap.poll();
                Integer now = pairs.get(top.pair());
                if (now != null && now == top.count()) {
                    best = top.pair();
                    bestCount = top.count();
                    break;
                }
            }
            if (best < 0 || bestCount < 2) {
                break;
            }
            int a = (int) (best >>> 32);
            int b = (int) best;
            String joined = symbols.get(a) + symbols.get(b);
            int merged = symbolIds.computeIfAbsent(joined, k -> {
                symbols.add(k);
                return symbols.size() - 1;
            });
            merges.add(new String[] {symbols.get(a), symbols.get(b)});
            vocab.add(joined);
            java.util.Set<Long> changed = new java.util.HashSet<>();
            for (int w : new ArrayList<>(where.getOrDefault(best, java.util.Set.of()))) {
                int[] old = words.get(w);
                if (!contains(old, a, b)) {
                    continue;
                }
                notePairs(old, changed);
                addPairs(old, -freq.get(w), w, pairs, where);
                int[] out = new int[old.length];
                int len = 0;
                for (int i = 0; i < old.length; i++) {
                    if (i + 1 < old.length && old[i] == a && old[i + 1] == b) {
                        out[len++] = merged;
                        i++;
                    } else {
                        out[len++] = old[i];
                    }
                }
                int[] now = java.util.Arrays.copyOf(out, len);
                words.set(w, now);
                addPairs(now, freq.get(w), w, pairs, where);
                notePairs(now, changed);
            }
            for (long pair : changed) {
                Integer count = pairs.get(pair);
                if (count != null && count > 0) {
                    heap.add(new Ranked(pair, count, pairText(symbols, pair)));
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

    /**
     * The 256 byte symbols alone, id = byte value: no merges and no special token. The induction-head decoder's
     * tokenizer, whose vocabulary is exactly 256 ids (the NUL byte is id 0, recall's filler).
     */
    public static ByteLevelBpe bytesOnly() {
        char[] alphabet = byteAlphabet();
        List<String> vocab = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(alphabet[b]));
        }
        return new ByteLevelBpe(vocab, List.of());
    }

    /** A pair with a count it had, ordered by count (largest first) then by its text. */
    private record Ranked(long pair, int count, String text) implements Comparable<Ranked> {
        @Override
        public int compareTo(Ranked o) {
            return count != o.count ? Integer.compare(o.count, count) : text.compareTo(o.text);
        }
    }

    private static boolean contains(int[] word, int a, int b) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (word[i] == a && word[i + 1] == b) {
                return true;
            }
        }
        return false;
    }

    private static void notePairs(int[] word, java.util.Set<Long> into) {
        for (int i = 0; i + 1 < word.length; i++) {
            into.add(((long) word[i] << 32) | (word[i + 1] & 0xFFFFFFFFL));
        }
    }

    private static String pairText(List<String> symbols, long pair) {
        return symbols.get((int) (pair >>> 32)) + "\u0000" + symbols.get((int) pair);
    }

    /** Adds {@code count} (negative: removes) for every adjacent pair of a word, and notes the word under each pair. */
    private static void addPairs(int[] word, int count, int index, Map<Long, Integer> pairs, Map<Long, java.util.Set<Integer>> where) {
        for (int i = 0; i + 1 < word.length; i++) {
            long key = ((long) word[i] << 32) | (word[i + 1] & 0xFFFFFFFFL);
            int c = pairs.merge(key, count, Integer::sum);
            if (c == 0) {
                pairs.remove(key);
            }
            if (count > 0) {
                where.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(index);
            }
        }
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
