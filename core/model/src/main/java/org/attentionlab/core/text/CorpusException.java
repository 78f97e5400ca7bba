package org.attentionlab.core.text;

import org.attentionlab.core.error.UserFacingException;

/** A corpus that cannot be read or used; the message is one line meant for the user. */
public class CorpusException extends UserFacingException {

    private static final long serialVersionUID = 1L;

    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
