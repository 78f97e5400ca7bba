package org.attentionlab.core.plugin;

import org.attentionlab.core.error.UserFacingException;

/**
 * A variant's {@code params:} are wrong: unknown key, wrong type, out of range or missing. The message is
 * one line for the user, naming the parameter and what is allowed; the CLI prints it and exits with 2.
 * A plugin throws it from its parameter record's constructor to reject a combination of values.
 */
@ExtensionPoint
public class InvalidParamsException extends UserFacingException {

    private final String key;

    /** An error that no single parameter is at fault for; {@code message} is one line for the user. */
    public InvalidParamsException(String message) {
        this(null, message);
    }

    /**
     * An error about one parameter.
     *
     * @param key     the parameter at fault, so a config error can point at its line; null when none is
     * @param message one line for the user
     */
    public InvalidParamsException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The parameter at fault, or null. */
    public String key() {
        return key;
    }
}
