package org.attentionlab.plugins.full;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code full}. */
public final class FullAttentionModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), FullAttentionFactory.NAME, FullAttentionFactory.class);
    }
}
