package org.attentionlab.core.plugin;

import java.util.List;
import org.attentionlab.core.attention.Exactness;

/** How a plugin describes itself in {@code attnlab plugins} and in reports. */
public record PluginInfo(String name, String description, Exactness exactness, List<ParamSpec> params) {
    public PluginInfo {
        params = List.copyOf(params);
    }
}
