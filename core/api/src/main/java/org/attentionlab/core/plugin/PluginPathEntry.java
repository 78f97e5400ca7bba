package org.attentionlab.core.plugin;

import java.nio.file.Path;

/**
 * One entry of the plugin path: a plugin jar (its own dependencies shaded into it), or a folder whose jars are
 * one plugin and the libraries it needs. Each entry gets a class loader of its own.
 *
 * @param path   the jar or folder
 * @param origin where the user wrote it, for messages ({@code --plugin-path}, {@code ATTNLAB_PLUGIN_PATH},
 *               {@code plugins: in exp.yaml})
 */
public record PluginPathEntry(Path path, String origin) {
}
