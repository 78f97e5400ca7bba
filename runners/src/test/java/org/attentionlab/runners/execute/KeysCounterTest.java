package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.results.KeysPerQuery;
import org.junit.jupiter.api.Test;

/** Issue 23, item 12: keys per query counted from the variants' own patterns, against counts made by hand. */
class KeysCounterTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.load();

    private static Attention masked(String mask) {
        return PLUGINS.factory("masked").create(Map.of("mask", mask));
    }

    @Test
    void theMaskWindowCountsItsBandAndFullCountsEveryKey() {
        // window(2) at n = 16: rows 0 and 15 see 3 keys, rows 1 and 14 see 4, the 12 others 5
        assertEquals(new KeysPerQuery((3 + 4 + 12 * 5 + 4 + 3) / 16.0, 5), KeysCounter.count(List.of(masked("window(2)")), 16, false));
        Attention full = PLUGINS.factory("full").create(Map.of());
        assertEquals(new KeysPerQuery(16, 16), KeysCounter.count(List.of(full), 16, false));
        // causal: query i sees i + 1 keys
        assertEquals(new KeysPerQuery(8.5, 16), KeysCounter.count(List.of(full), 16, true));
        // a global token sees every key, and every query sees it
        KeysPerQuery global = KeysCounter.count(List.of(masked("window(1) | global(1)")), 8, false);
        assertEquals(8, global.max());
        assertEquals((8 + 3 + 5 * 4 + 3) / 8.0, global.mean(), 1e-12); // row 0: all; row 1: 0,1,2; rows 2-6: i-1..i+1 and 0; row 7: 6,7,0
    }

    @Test
    void layersAreAveragedAndTheirMaxKept() {
        Attention full = PLUGINS.factory("full").create(Map.of());
        Attention band = masked("window(2)");
        KeysPerQuery hybrid = KeysCounter.count(List.of(full, full, band, band), 16, false);
        assertEquals((16 + 16 + 2 * (74 / 16.0)) / 4, hybrid.mean(), 1e-12);
        assertEquals(16, hybrid.max());
    }
}
