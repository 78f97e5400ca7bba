package ${package};

/**
 * The validated {@code params:} of the plugin; PluginFactory's ParamSpecs check each value's range first.
 *
 * @param window how far a query looks on each side: query i sees keys j with |i - j| <= window
 */
public record PluginParams(int window) {
}
