package org.attentionlab.runners.config;

import org.attentionlab.core.error.UserFacingException;

/** An experiment file that cannot be used. The message is the one line the user sees. */
public class ConfigException extends UserFacingException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
