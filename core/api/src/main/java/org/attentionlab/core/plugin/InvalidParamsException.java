package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/** A variant's {@code params:} are wrong: unknown key, wrong type, out of range or missing. The message is one line for the user. */
public class InvalidParamsException extends UserFacingException {

    private final String key;

    public InvalidParamsException(String message) {
        this(null, message);
    }

    /** @param key the parameter at fault, so a config error can point at its line; null when none is */
    public InvalidParamsException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The parameter at fault, or null. */
    public String key() {
        return key;
    }
}
