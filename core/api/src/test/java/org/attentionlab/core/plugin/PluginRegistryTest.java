package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    @Test
    void loadFindsTheServiceListedModuleAndGuiceBuildsItsFactory() {
        PluginRegistry registry = PluginRegistry.load();
        assertTrue(registry.names().contains("probe"), registry.names().toString());
        ProbeFactory probe = assertInstanceOf(ProbeFactory.class, registry.factory("probe"));
        // the settings object only exists as a binding in ProbePluginModule: Guice injected it
        assertEquals(new ProbeSettings("probe module"), probe.settings());
        assertInstanceOf(ProbeFactory.ProbeAttention.class, probe.create(Map.of("blocks", 1)));
    }

    @Test
    void ofAssemblesExactlyTheGivenModulesSortedByName() {
        PluginRegistry registry = PluginRegistry.of(List.of(new OtherModule(), new ProbePluginModule()));
        assertEquals(List.of("other", "probe"), registry.names());
        assertEquals(List.of("other", "probe"), List.copyOf(registry.factories().keySet()));
        assertSame(registry.factories().get("other"), registry.factory("other"));
        assertEquals("other", registry.factory("other").info().name());
    }

    @Test
    void emptyRegistryHasNoNames() {
        PluginRegistry registry = PluginRegistry.of(List.of());
        assertEquals(List.of(), registry.names());
        assertEquals("unknown variant 'full'; known: ",
                assertThrows(UnknownVariantException.class, () -> registry.factory("full")).getMessage());
    }

    @Test
    void unknownVariantListsKnownNames() {
        PluginRegistry registry = PluginRegistry.of(List.of(new ProbePluginModule(), new OtherModule()));
        assertEquals("unknown variant 'sliding'; known: other, probe",
                assertThrows(UnknownVariantException.class, () -> registry.factory("sliding")).getMessage());
    }

    @Test
    void twoModulesClaimingOneNameAreNamedBoth() {
        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginRegistry.of(List.of(new ProbePluginModule(), new OtherModule(), new ClashingPluginModule())));
        assertEquals("attention plugin name 'probe' is claimed by both org.attentionlab.core.plugin.ProbePluginModule"
                + " and org.attentionlab.core.plugin.ClashingPluginModule", e.getMessage());
    }

    @Test
    void factoryDescribingItselfUnderAnotherNameIsRejected() {
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginRegistry.of(List.of(new AliasModule())));
        assertEquals("plugin registered as 'alias' describes itself as 'probe' (org.attentionlab.core.plugin.ProbeFactory)",
                e.getMessage());
    }

    @Test
    void brokenModuleGivesOneLine() {
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginRegistry.of(List.of(new BrokenModule())));
        assertTrue(e.getMessage().startsWith("cannot load attention plugins: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** A second, well-formed plugin. */
    static final class OtherModule extends AbstractModule implements AttentionPluginModule {
        @Override
        protected void configure() {
            AttentionPluginModule.registerFactory(binder(), "other", OtherFactory.class);
        }
    }

    static final class OtherFactory extends ProbeFactory {
        @Inject
        OtherFactory() {
            super("other", new ProbeSettings("other"));
        }
    }

    /** Registers the probe factory under a name that is not its own. */
    static final class AliasModule extends AbstractModule implements AttentionPluginModule {
        @Override
        protected void configure() {
            bind(ProbeSettings.class).toInstance(new ProbeSettings("alias"));
            AttentionPluginModule.registerFactory(binder(), "alias", ProbeFactory.class);
        }
    }

    /** Forgets to bind the probe factory's dependency: Guice cannot build it. */
    static final class BrokenModule extends AbstractModule implements AttentionPluginModule {
        @Override
        protected void configure() {
            AttentionPluginModule.registerFactory(binder(), "broken", ProbeFactory.class);
        }
    }
}
