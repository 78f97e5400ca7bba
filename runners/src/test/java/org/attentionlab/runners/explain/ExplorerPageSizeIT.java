package org.attentionlab.runners.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.diagnostics.DocumentTrace;
import org.junit.jupiter.api.Test;

/** The size bound: n = 512, 6 layers x 12 heads, two variants beside the reference (72 full maps: tens of seconds). */
class ExplorerPageSizeIT {

    @Test
    void aPageOf512TokensSixLayersTwelveHeadsAndTwoVariantsStaysUnderEightMegabytes() {
        DocumentTrace trace = ExplorerDataTest.trace(11, 6, 12, 512, 32, false);
        ExplorerData d = ExplorerDataTest.data(trace, new VariantSpec("sliding-window", "window-128", Map.of("width", 128, "globalTokens", 1), null),
                new VariantSpec("linear", "linear", Map.of(), null));
        String page = ExplorerPage.render(d);
        long bytes = page.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < PageBudget.PAGE_BYTES, bytes + " bytes");
        assertTrue(d.slots() >= PageBudget.MIN_SLOTS && d.slots() < 512, "slots " + d.slots());
        assertTrue(page.contains("each attention row keeps its " + d.slots() + " keys of largest weight"), "the page says how rows are stored");
    }

}
