package org.attentionlab.runners.results;

/**
 * One input file of a run and its SHA-256 at the start: a resume refuses to mix cells measured on
 * different files behind the same path.
 *
 * @param role   what it is ({@code model file}, {@code tokenizer file}, {@code corpus}, {@code extended export})
 * @param path   its path, or the built-in name
 * @param sha256 SHA-256 of its bytes, lower-case hex
 */
public record InputFile(String role, String path, String sha256) {

    public static final String MODEL = "model file";
    public static final String TOKENIZER = "tokenizer file";
    public static final String CORPUS = "corpus";
    /** The rewritten export with extended positions ({@code reference.positions}) that both sides run. */
    public static final String EXTENDED_EXPORT = "extended export";

    /**
     * The first input of {@code then} whose file now has another digest, in words ({@code the corpus X changed since
     * the run started (SHA-256 a... then, b... now)}), or null when none did or either list is unknown (a run
     * recorded before digests were).
     */
    public static String firstChange(java.util.List<InputFile> then, java.util.List<InputFile> now) {
        if (then == null || now == null) {
            return null;
        }
        for (InputFile before : then) {
            InputFile current = now.stream().filter(f -> f.role().equals(before.role())).findFirst().orElse(null);
            if (current != null && !current.sha256().equals(before.sha256())) {
                return "the " + before.role() + " " + current.path() + " changed since the run started (SHA-256 "
                        + abbreviated(before.sha256()) + " then, " + abbreviated(current.sha256()) + " now)";
            }
        }
        return null;
    }

    /** The first 12 hex digits of a digest and "...", for messages. */
    public static String abbreviated(String sha256) {
        return sha256 == null || sha256.length() <= 12 ? String.valueOf(sha256) : sha256.substring(0, 12) + "...";
    }
}
