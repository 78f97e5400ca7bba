package org.attentionlab.core.plugin;

import com.google.inject.AbstractModule;

/** The probe plugin as a real plugin ships it: listed in META-INF/services (test resources). */
public final class ProbePluginModule extends AbstractModule implements AttentionPluginModule {
    @Override
    protected void configure() {
        bind(ProbeSettings.class).toInstance(new ProbeSettings("probe module"));
        AttentionPluginModule.registerFactory(binder(), ProbeFactory.NAME, ProbeFactory.class);
    }
}
