package org.attentionlab.core.plugin;

import com.google.inject.AbstractModule;

/** A second plugin claiming the probe's name (not listed in META-INF/services). */
public final class ClashingPluginModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        bind(ProbeSettings.class).toInstance(new ProbeSettings("clashing module"));
        AttentionPluginModule.registerFactory(binder(), ProbeFactory.NAME, ProbeFactory.class);
    }
}
