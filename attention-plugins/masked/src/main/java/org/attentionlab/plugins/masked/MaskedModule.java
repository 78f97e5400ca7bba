package org.attentionlab.plugins.masked;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code masked}. */
public final class MaskedModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), MaskedFactory.NAME, MaskedFactory.class);
    }
}
