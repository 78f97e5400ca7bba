package org.attentionlab.core.plugin;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;

/**
 * Builds attention instances of one family from a variant's YAML {@code params:} map. A plugin binds one
 * with {@link AttentionPluginModule#registerFactory}; most extend {@link TypedAttentionFactory} rather than
 * implementing this directly. A factory holds no mutable state, so any thread may call it.
 */
@ExtensionPoint
public interface AttentionFactory {

    /** The plugin's name (the registry key it is bound under), description, exactness and parameters; constant. */
    PluginInfo info();

    /**
     * Validates {@code raw} and returns every parameter with defaults filled, in the order of {@link
     * PluginInfo#params()}: what a run records as "params as it ran". Resolving the result again gives an
     * equal map, so recorded params can be replayed.
     *
     * @param raw the YAML map as parsed (values are Integer, Long, Double, String or Boolean); null means empty
     * @throws InvalidParamsException with a one-line message naming the parameter at fault
     */
    Map<String, Object> resolveParams(Map<String, ?> raw);

    /**
     * A new instance for one layer; each call returns a fresh object with its own scratch, so instances may
     * run on different threads at once.
     *
     * @param raw the YAML map as parsed, resolved as {@link #resolveParams} does
     * @throws InvalidParamsException when {@code raw} is invalid
     */
    Attention create(Map<String, ?> raw);

    /**
     * Whether this plugin's attention serves encoders, causal decoders or both; constant. The default,
     * {@link CausalSupport#ENCODER_ONLY}, is the safe answer for a plugin that never said: validation then
     * refuses it on a decoder instead of running a forward that might let a query see later keys.
     */
    default CausalSupport causalSupport() {
        return CausalSupport.ENCODER_ONLY;
    }

    /**
     * One line per deprecated spelling {@code raw} uses (a parameter renamed within this release line, which
     * still resolves with its old meaning), for validation to print as a warning; empty when there is none.
     * The default has none.
     *
     * @param raw the YAML map as parsed; null means empty
     */
    default List<String> deprecationNotes(Map<String, ?> raw) {
        return List.of();
    }
}
