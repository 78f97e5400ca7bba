package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/**
 * The plugins found on the classpath cannot be assembled (two claim one name, or one is broken). Thrown by
 * {@link PluginRegistry}; the message is one line for the user, naming the plugin classes at fault.
 */
public class PluginLoadException extends UserFacingException {

    /**
     * A load failure described in one line.
     *
     * @param message one line naming the plugins at fault and why they cannot load
     */
    public PluginLoadException(String message) {
        super(message);
    }
}
