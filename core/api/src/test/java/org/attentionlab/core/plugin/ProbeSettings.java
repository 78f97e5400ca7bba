package org.attentionlab.core.plugin;

/** A dependency the probe module binds, so a test can tell that Guice built the factory. */
public record ProbeSettings(String origin) {
}
