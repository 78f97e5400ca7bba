package org.attentionlab.core.plugin;

/** A variant's {@code params:} are wrong: unknown key, wrong type, out of range or missing. The message is one line for the user. */
public class InvalidParamsException extends IllegalArgumentException {
    public InvalidParamsException(String message) {
        super(message);
    }
}
