package org.attentionlab.runners.config;

import java.util.List;
import java.util.Map;

/**
 * One attention variant of the sweep.
 *
 * @param name   the plugin name ({@code full}, {@code sliding-window}, ...)
 * @param label  unique within the file; defaults to the name
 * @param params the plugin's parameters (validated by the plugin; defaults filled when resolved)
 * @param layers the layers that use this variant, the others keeping full attention; null means all
 */
public record VariantSpec(String name, String label, Map<String, Object> params, List<Integer> layers) {

    /**
     * The plugin name of full attention: the baseline of the reports, the attention in the layers a hybrid
     * leaves alone, and the reference of a kernel sweep.
     */
    public static final String FULL = "full";
}
