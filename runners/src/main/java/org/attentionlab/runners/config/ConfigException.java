package org.attentionlab.runners.config;

/** An experiment file that cannot be used. The message is the one line the user sees. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
