/**
 * The example external plugin {@code strided}: Sparse Transformer strided attention (Child et al. 2019), built
 * from the attnlab-plugin-archetype outside the reactor and loaded with {@code --plugin-path}.
 */
package org.example.strided;
