package org.attentionlab.core.plugin;

/** The plugins found on the classpath cannot be assembled (two claim one name, or one is broken). */
public class PluginLoadException extends RuntimeException {
    public PluginLoadException(String message) {
        super(message);
    }
}
