package org.attentionlab.core.plugin;

import java.util.Map;
import org.attentionlab.core.attention.Attention;

/** Builds attention instances of one family from the YAML {@code params:} map. */
public interface AttentionFactory {

    PluginInfo info();

    /** The parameters with defaults filled, validated; what a run records as "params as it ran". */
    Map<String, Object> resolveParams(Map<String, ?> raw);

    /** A new instance for one layer; each call returns a fresh object with its own scratch. */
    Attention create(Map<String, ?> raw);
}
