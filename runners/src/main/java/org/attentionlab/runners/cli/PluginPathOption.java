package org.attentionlab.runners.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.attentionlab.core.plugin.PluginPathEntry;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.LoadedConfig;
import picocli.CommandLine.Option;

/**
 * Where a command finds plugins from outside the repository, in this order: {@code ATTNLAB_PLUGIN_PATH},
 * {@code --plugin-path}, then the experiment's {@code plugins:}. Each is a list of jars or folders of jars
 * ({@code :}-separated for the first two); a path given twice is loaded once. {@code plugins}, {@code validate}
 * {@code run} (with {@code --resume}) and {@code explain} share this option, so they all see the same plugins.
 */
final class PluginPathOption {

    /** The environment variable that adds plugin path entries to every command. */
    static final String ENVIRONMENT = "ATTNLAB_PLUGIN_PATH";

    /** Reads the environment; tests put their own in. */
    static UnaryOperator<String> environment = System::getenv;

    @Option(names = "--plugin-path", paramLabel = "PATH[:PATH...]",
            description = "plugin jars, or folders each holding a plugin's jar and its libraries, added to the built-in plugins "
                    + "(also: " + ENVIRONMENT + ", and plugins: in the experiment file)")
    String pluginPath;

    /** The built-in plugins and those of the environment and the command line. */
    PluginRegistry registry() {
        return PluginRegistry.load(entries(null));
    }

    /** The built-in plugins and those of the environment, the command line and {@code loaded}'s {@code plugins:}. */
    PluginRegistry registry(LoadedConfig loaded) {
        return PluginRegistry.load(entries(loaded));
    }

    List<PluginPathEntry> entries(LoadedConfig loaded) {
        List<PluginPathEntry> entries = new ArrayList<>();
        split(environment.apply(ENVIRONMENT), ENVIRONMENT, entries);
        split(pluginPath, "--plugin-path", entries);
        if (loaded != null) {
            List<String> plugins = ConfigValidator.resolvePlugins(loaded);
            if (plugins != null) {
                for (String p : plugins) {
                    entries.add(new PluginPathEntry(Path.of(p), "plugins: in " + loaded.source().name()));
                }
            }
        }
        return entries;
    }

    private static void split(String value, String origin, List<PluginPathEntry> into) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String part : value.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                into.add(new PluginPathEntry(Path.of(part.strip()), origin));
            }
        }
    }
}
