package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/**
 * A variant name no plugin registered. Thrown by {@link PluginRegistry#factory}; the message is one line
 * that lists the known names.
 */
public class UnknownVariantException extends UserFacingException {

    /**
     * An unknown name described in one line.
     *
     * @param message one line naming the unknown variant and the known ones
     */
    public UnknownVariantException(String message) {
        super(message);
    }
}
