package org.attentionlab.core.plugin;

/** A variant name no plugin registered. The message lists the known ones. */
public class UnknownVariantException extends IllegalArgumentException {
    public UnknownVariantException(String message) {
        super(message);
    }
}
