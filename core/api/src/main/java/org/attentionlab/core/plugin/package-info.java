/**
 * The plugin API's registration and parameter side: a plugin is a Guice {@link
 * org.attentionlab.core.plugin.AttentionPluginModule} found through {@link java.util.ServiceLoader}, which
 * binds one {@link org.attentionlab.core.plugin.AttentionFactory} (usually a {@link
 * org.attentionlab.core.plugin.TypedAttentionFactory}) under the name a YAML variant uses, and describes its
 * {@code params:} with {@link org.attentionlab.core.plugin.ParamSpec}s. Plugin authors use the types marked
 * {@link org.attentionlab.core.plugin.ExtensionPoint}; {@link org.attentionlab.core.plugin.PluginRegistry}
 * and {@link org.attentionlab.core.plugin.ParameterSchema} serve the runners and may change.
 */
package org.attentionlab.core.plugin;
