package org.attentionlab.plugins.linear;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code linear}. */
public final class LinearAttentionModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), LinearAttentionFactory.NAME, LinearAttentionFactory.class);
    }
}
