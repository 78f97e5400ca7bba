package org.attentionlab.runners.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code attention.html}: one file that opens offline. The page's markup, style and script are resources beside
 * this class ({@code explorer.html}, {@code explorer.css}, {@code explorer.js}) put inline, and the data is one JSON
 * object in a {@code script type="application/json"} element: the figures as JSON, the rows as base64 of
 * little-endian arrays ({@link SparseRows#encoded}).
 */
public final class ExplorerPage {

    /** The page's file name. */
    public static final String FILE = "attention.html";

    private static final String TEMPLATE = resource("explorer.html");
    private static final String CSS = resource("explorer.css");
    private static final String JS = resource("explorer.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplorerPage() {
    }

    /** Bytes of the page without its data: markup, style and script. */
    static long fixedBytes() {
        return (long) TEMPLATE.length() + CSS.length() + JS.length();
    }

    /** The page, whole. */
    public static String render(ExplorerData d) {
        String data;
        try {
            data = JSON.writeValueAsString(pageData(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the explorer's data does not serialise", e);
        }
        // in a script element, "</script" or "<!--" inside a token would end or change it: no "<" at all
        data = data.replace("<", "\\u003c");
        return TEMPLATE.replace("/*CSS*/", CSS).replace("/*JS*/", JS).replace("/*DATA*/", data);
    }

    /** What the script reads: the figures and masks as JSON, the rows in base64. */
    static Map<String, Object> pageData(ExplorerData d) {
        Map<String, Object> m = new LinkedHashMap<>(AttentionJson.document(d));
        m.put("levels", SparseRows.LEVELS);
        m.put("referenceEntropy", d.referenceEntropy);
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantView v : d.variants) {
            variants.add(AttentionJson.variant(v));
        }
        m.put("variants", variants);
        m.put("rows", d.rows.encoded());
        return m;
    }

    /** The sentence the page shows on how its rows are stored. */
    static String storage(ExplorerData d) {
        int slots = d.rows.slots();
        String kept = slots >= d.n ? "every key of each attention row is kept"
                : "each attention row keeps its " + slots + " keys of largest weight (the same keys for the reference and every variant, "
                + "so differences are exact there) and sums the other " + (d.n - slots) + " into its rest (the matrices draw those keys "
                + "at the rest spread evenly over them; the numbers and the text count them as 0)";
        return "Rows: " + kept + "; in this page each weight is 8-bit over its row's range (" + SparseRows.LEVELS
                + " levels; a weight that is not 0 never reads as 0), to stay under " + PageBudget.PAGE_BYTES / 1_000_000 + " MB.";
    }

    private static String resource(String name) {
        try (InputStream in = ExplorerPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
