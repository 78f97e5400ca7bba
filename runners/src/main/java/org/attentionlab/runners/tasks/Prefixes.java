package org.attentionlab.runners.tasks;

/**
 * The texts a model expects before a query and before a passage: E5 models were trained with {@code "query: "} and
 * {@code "passage: "} (and LongEmbed evaluates them so); other models take none.
 *
 * @param query   put before every query's text
 * @param passage put before every document's text
 */
public record Prefixes(String query, String passage) {

    public static final Prefixes NONE = new Prefixes("", "");
    public static final Prefixes E5 = new Prefixes("query: ", "passage: ");

    /** The prefixes of a model by its name (a built-in name or a file path). */
    public static Prefixes forModel(String name) {
        String base = name == null ? "" : java.nio.file.Path.of(name).getFileName().toString();
        return base.startsWith("e5-") ? E5 : NONE;
    }
}
