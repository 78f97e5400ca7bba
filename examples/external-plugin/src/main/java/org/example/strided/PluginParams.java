package org.example.strided;

/**
 * The validated {@code params:} of {@code strided}; PluginFactory's ParamSpecs check each value's range first.
 *
 * @param local  query i sees every key j with |i - j| <= local
 * @param stride and every key j whose distance i - j is a multiple of stride (the strided "column" heads of
 *               the Sparse Transformer, Child et al. 2019)
 */
public record PluginParams(int local, int stride) {
}
