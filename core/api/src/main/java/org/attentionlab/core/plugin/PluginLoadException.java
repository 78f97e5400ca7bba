package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/** The plugins found on the classpath cannot be assembled (two claim one name, or one is broken). */
public class PluginLoadException extends UserFacingException {
    public PluginLoadException(String message) {
        super(message);
    }
}
