package org.attentionlab.runners.explain;

import java.util.List;
import java.util.Map;

/**
 * One variant as the explorer draws it (its weights are in {@link ExplorerData}'s rows).
 *
 * @param label        the variant's label in the experiment
 * @param name         the plugin
 * @param params       the parameters it runs with
 * @param layers       the layers it replaces (null: all)
 * @param masks        per layer, what it lets the layer attend to
 * @param coverage     layer x head: the share of the reference's mass inside the mask (pattern or picks), mean
 *                     over queries, as the diagnostics compute it; a layer with nothing to outline is null
 * @param dropped      per layer, the keys whose mass it dropped most, largest first
 * @param droppedTotal per layer, the mass it dropped over all keys (same unit)
 * @param droppedModel the keys whose mass it dropped most summed over every layer
 * @param picksKept    false when some query picked more keys than a row keeps (the outline then misses some picks)
 */
public record VariantView(String label, String name, Map<String, Object> params, List<Integer> layers, List<LayerMask> masks,
                          List<List<Double>> coverage, List<List<DroppedKey>> dropped, List<Double> droppedTotal,
                          List<DroppedKey> droppedModel, boolean picksKept) {
}
