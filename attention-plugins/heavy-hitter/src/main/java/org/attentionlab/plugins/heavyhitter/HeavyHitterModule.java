package org.attentionlab.plugins.heavyhitter;

import com.google.inject.AbstractModule;
import org.attentionlab.core.plugin.AttentionPluginModule;

/** Registers {@code heavy-hitter}. */
public final class HeavyHitterModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        AttentionPluginModule.registerFactory(binder(), HeavyHitterFactory.NAME, HeavyHitterFactory.class);
    }
}
