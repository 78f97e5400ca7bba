package org.attentionlab.core.plugin;

import java.util.List;
import org.attentionlab.core.attention.Exactness;

/**
 * How a plugin describes itself in {@code attnlab plugins} and in reports; what {@link AttentionFactory#info()}
 * returns. Immutable.
 *
 * @param name        the name the plugin is registered under and a YAML variant's {@code attention:} uses
 * @param description one line for the {@code plugins} table
 * @param exactness   what to expect when swapping it into a trained model
 * @param params      its parameters, in resolution order
 */
@ExtensionPoint
public record PluginInfo(String name, String description, Exactness exactness, List<ParamSpec> params) {

    /** Keeps an immutable copy of {@code params}. */
    public PluginInfo {
        params = List.copyOf(params);
    }
}
