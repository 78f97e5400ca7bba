package org.attentionlab.runners.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code attention.json}: the maps the page draws, with exact weights, for plotting elsewhere. Its JSON Schema is
 * {@code attention.schema.json} beside this class. Row lists are nested layer, head, query; each row holds the kept
 * keys ({@code keys}) and, per map, the weights at them and the row's {@code rest}.
 */
public final class AttentionJson {

    /** The file's name. */
    public static final String FILE = "attention.json";
    /** Version of the file's layout; readers ignore unknown fields, so an addition keeps it. */
    public static final int SCHEMA_VERSION = 1;
    /** The schema's resource name, beside this class. */
    public static final String SCHEMA = "attention.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AttentionJson() {
    }

    /** The file's text. */
    public static String render(ExplorerData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.putAll(document(d));
        m.put("keys", d.rows.keysNested());
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("entropy", d.referenceEntropy);
        reference.put("weights", d.rows.weightsNested(0));
        reference.put("rest", d.rows.restNested(0));
        m.put("reference", reference);
        List<Map<String, Object>> variants = new ArrayList<>();
        for (int v = 0; v < d.variants.size(); v++) {
            Map<String, Object> one = variant(d.variants.get(v));
            one.put("weights", d.rows.weightsNested(1 + v));
            one.put("rest", d.rows.restNested(1 + v));
            variants.add(one);
        }
        m.put("variants", variants);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attention.json does not serialise", e);
        }
    }

    /**
     * What the page and the file both say of the document before its maps: experiment, model, corpus, document,
     * size, causal flag, shape, tokens, the gate, the weights kept per row and how they are stored.
     */
    static Map<String, Object> document(ExplorerData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", d.experiment);
        m.put("model", d.model);
        m.put("corpus", d.corpus);
        m.put("document", d.document);
        m.put("n", d.n);
        m.put("causal", d.causal);
        m.put("layers", d.layers);
        m.put("heads", d.heads);
        m.put("tokens", d.tokens);
        m.put("gate", d.gate);
        m.put("slots", d.rows.slots());
        m.put("storage", ExplorerPage.storage(d));
        return m;
    }

    /** A variant's label, plugin, parameters, masks and figures: what the page and the file share. */
    static Map<String, Object> variant(VariantView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", v.label());
        m.put("name", v.name());
        m.put("params", v.params());
        m.put("layers", v.layers());
        m.put("masks", v.masks());
        m.put("coverage", v.coverage());
        m.put("dropped", v.dropped());
        m.put("droppedTotal", v.droppedTotal());
        m.put("droppedModel", v.droppedModel());
        m.put("picksKept", v.picksKept());
        return m;
    }
}
