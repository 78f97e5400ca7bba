package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/** A variant name no plugin registered. The message lists the known ones. */
public class UnknownVariantException extends UserFacingException {
    public UnknownVariantException(String message) {
        super(message);
    }
}
