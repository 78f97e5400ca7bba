package org.attentionlab.runners.cli;

import java.io.PrintWriter;
import java.util.Objects;
import org.attentionlab.runners.report.TextTable;
import java.util.concurrent.Callable;
import org.attentionlab.core.mask.MaskGrammar;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.PluginInfo;
import org.attentionlab.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code attnlab plugins}: every attention plugin found, with its label, where it came from (built in, or its jar)
 * and its parameters, then the mask grammar with examples.
 */
@Command(name = "plugins", description = {"List the attention plugins: the built-in ones and those of the plugin path",
        "(--plugin-path, ATTNLAB_PLUGIN_PATH), each with its source: built in, or its jar."})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath = new PluginPathOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = pluginPath.registry();
        out.print(table(registry));
        out.println();
        out.print(MaskGrammar.HELP);
        return ExitCodes.OK;
    }

    static String table(PluginRegistry registry) {
        TextTable table = new TextTable("plugin", "label", "source", "parameter", "type", "default", "description").wrapLastColumn(64);
        for (AttentionFactory factory : registry.factories().values()) {
            PluginInfo info = factory.info();
            table.row(info.name(), info.exactness().label(), registry.source(info.name()), "", "", "", info.description());
            for (ParamSpec p : info.params()) {
                table.row("", "", "", p.name(), p.allowed(), p.required() ? "required" : Objects.toString(p.defaultValue()),
                        p.description());
            }
        }
        return table.render();
    }
}
