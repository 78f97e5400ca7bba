package org.attentionlab.core.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Documents given as token ids: a UTF-8 text file with one document per line, its ids separated by
 * whitespace ({@code corpus: { tokens: ids.txt }}). Blank lines are skipped. Nothing is added to a document:
 * no BOS or EOS, the ids run as written. Every error names the file and line, so that a user can fix it.
 */
public final class TokenCorpus {

    /**
     * One document of the file.
     *
     * @param line the 1-based line of the file it was read from
     * @param ids  its token ids, in order
     */
    public record Document(int line, int[] ids) {
    }

    private final String name;
    private final List<Document> documents;
    private final String sha256;

    private TokenCorpus(String name, List<Document> documents, String sha256) {
        this.name = name;
        this.documents = List.copyOf(documents);
        this.sha256 = sha256;
    }

    /**
     * Reads a tokens file.
     *
     * @throws CorpusException if the file is missing, not UTF-8, holds something that is not a non-negative
     *                         integer id (naming file:line and the text), or holds no document
     */
    public static TokenCorpus file(Path path) {
        String problem = org.attentionlab.core.model.InputFiles.notRegular(path, "tokens file");
        if (problem != null && Files.exists(path)) {
            throw new CorpusException(problem); // a pipe or a folder would block or fail mid-read
        }
        byte[] bytes;
        String text;
        try {
            bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new CorpusException("tokens file not found: " + path, e);
        } catch (CharacterCodingException e) {
            throw new CorpusException("tokens file is not UTF-8 text: " + path, e);
        } catch (IOException e) {
            throw new CorpusException("cannot read tokens file: " + path + " (" + e.getMessage() + ")", e);
        }
        List<Document> documents = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                documents.add(new Document(i + 1, parse(line, path, i + 1)));
            }
        }
        if (documents.isEmpty()) {
            throw new CorpusException("tokens file has no document: " + path + " (one document per line, space-separated token ids)");
        }
        return new TokenCorpus(path.toString(), documents, Sha256.of(bytes));
    }

    private static int[] parse(String line, Path path, int lineNumber) {
        String[] words = line.split("\\s+");
        int[] ids = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            boolean digits = !word.isEmpty() && word.chars().allMatch(c -> c >= '0' && c <= '9');
            try {
                ids[w] = digits ? Integer.parseInt(word) : -1;
            } catch (NumberFormatException e) {
                throw new CorpusException(path + ":" + lineNumber + ": token id " + word + " is too large");
            }
            if (ids[w] < 0) {
                throw new CorpusException(path + ":" + lineNumber + ": '" + shorten(word) + "' is not a token id (one document per line, "
                        + "space-separated non-negative integer ids)");
            }
        }
        return ids;
    }

    private static String shorten(String word) {
        return word.length() <= 20 ? word : word.substring(0, 20) + "...";
    }

    /**
     * Refuses the first id that has no row in a vocabulary of {@code vocab} tokens.
     *
     * @throws CorpusException naming file:line and the id
     */
    public void checkVocabulary(int vocab, String model) {
        for (Document d : documents) {
            for (int id : d.ids()) {
                if (id >= vocab) {
                    throw new CorpusException(name + ":" + d.line() + ": token id " + id + " is outside the vocabulary of " + model
                            + " (" + vocab + " tokens, ids 0 to " + (vocab - 1) + ")");
                }
            }
        }
    }

    /**
     * The first {@code count} documents, each cut to its first {@code length} ids.
     *
     * @throws CorpusException when the file has fewer documents, or one of them fewer ids (naming file:line);
     *                         {@code why} ends that line, saying what needs the length (e.g. "n=512 and
     *                         decode.tokens 64")
     */
    public List<int[]> documents(int length, int count, String why) {
        if (count > documents.size()) {
            throw new CorpusException(name + " has " + documents.size() + " document" + (documents.size() == 1 ? "" : "s")
                    + " (non-blank lines); corpus.documents asks for " + count);
        }
        List<int[]> out = new ArrayList<>(count);
        for (Document d : documents.subList(0, count)) {
            if (d.ids().length < length) {
                throw new CorpusException(name + ":" + d.line() + ": the document has " + d.ids().length + " tokens; " + why + " need "
                        + length);
            }
            out.add(java.util.Arrays.copyOf(d.ids(), length));
        }
        return out;
    }

    /** Every document of the file, in file order. */
    public List<Document> all() {
        return documents;
    }

    /** The path as given. */
    public String name() {
        return name;
    }

    /** SHA-256 (hex) of the file's bytes, recorded by a run so that a resume can tell the file changed. */
    public String sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return name + " (" + documents.size() + " documents)";
    }
}
