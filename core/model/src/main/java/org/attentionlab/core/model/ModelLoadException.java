package org.attentionlab.core.model;

import org.attentionlab.core.error.UserFacingException;

/** A model or tokenizer that cannot be used; the message is one line meant for the user. */
public class ModelLoadException extends UserFacingException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
