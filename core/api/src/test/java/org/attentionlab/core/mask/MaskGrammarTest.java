package org.attentionlab.core.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskGrammarTest {

    @Test
    void readsPrimitivesCombinatorsAndPrecedence() {
        assertEquals("(window(128) | sinks(4))", MaskGrammar.parseMask("mask", "window(128) | sinks(4)").toString());
        // & binds tighter than |, ! tighter than &
        assertEquals("(causal | (window(2) & !global(1)))", MaskGrammar.parseMask("mask", "causal|window(2)&!global(1)").toString());
        assertEquals("((causal | window(2)) & !global(1))", MaskGrammar.parseMask("mask", " ( causal | window( 2 ) ) & ! global(1) ").toString());
        assertEquals("bigbird(32, 3, 1, 1, 0)", MaskGrammar.parseMask("mask", "bigbird(32, 3, 1, 1, 0)").toString());
        assertEquals("(prefix(3) & dilated(8, 2))", MaskGrammar.parseMask("mask", "prefix(3) & dilated(8, 2)").toString());
        assertEquals("all", MaskGrammar.parseMask("mask", "ALL").toString());
    }

    @Test
    void primitivesMeanWhatTheGrammarSays() {
        Mask m = MaskGrammar.parseMask("mask", "window(2) | sinks(1)");
        assertTrue(m.covers(5, 3, 10, false));
        assertFalse(m.covers(5, 2, 10, false));
        assertTrue(m.covers(5, 0, 10, false));
        assertFalse(m.covers(5, 6, 10, true)); // causal input hides later keys whatever the mask says
        Mask g = MaskGrammar.parseMask("mask", "global(2)");
        assertTrue(g.covers(1, 9, 10, false));
        assertTrue(g.covers(9, 1, 10, false));
        assertFalse(g.covers(9, 2, 10, false));
        Mask p = MaskGrammar.parseMask("mask", "prefix(3)");
        assertTrue(p.covers(0, 2, 10, false));
        assertFalse(p.covers(3, 4, 10, false));
        assertTrue(p.covers(4, 3, 10, false));
        Mask d = MaskGrammar.parseMask("mask", "dilated(6, 3)");
        assertTrue(d.covers(6, 0, 10, false));
        assertTrue(d.covers(3, 6, 10, false));
        assertFalse(d.covers(3, 5, 10, false));
        assertFalse(d.covers(9, 0, 10, false));
        assertFalse(MaskGrammar.parseMask("mask", "!all").covers(1, 1, 4, false));
        assertFalse(MaskGrammar.parseMask("mask", "causal").covers(1, 2, 4, false));
    }

    @Test
    void readsScoreModifiersLeftToRight() {
        assertNull(MaskGrammar.parseScore("score", "  "));
        ScoreModifier s = MaskGrammar.parseScore("score", "temperature(2), softcap(30)");
        assertEquals("temperature(2), softcap(30)", s.toString());
        assertEquals((float) (30 * Math.tanh(50.0 / 30)), s.apply(100f, 0, 1, 0, 0), 1e-4);
        ScoreModifier alibi = MaskGrammar.parseScore("score", "alibi");
        // 8 heads: slopes 2^-1 .. 2^-8; symmetric distance
        assertEquals(1f - 0.5f * 3, alibi.apply(1f, 0, 8, 2, 5), 1e-6);
        assertEquals(1f - 0.5f * 3, alibi.apply(1f, 0, 8, 5, 2), 1e-6);
        assertEquals(1f - (float) Math.pow(2, -8) * 3, alibi.apply(1f, 7, 8, 5, 2), 1e-6);
        // 12 heads: the 8 slopes of 8 heads, then every other slope of 16 heads
        assertEquals(Math.pow(2, -0.5), ScoreModifier.alibiSlope(8, 12), 1e-12);
        assertEquals(Math.pow(2, -1.5), ScoreModifier.alibiSlope(9, 12), 1e-12);
        assertEquals(Math.pow(2, -1.0), ScoreModifier.alibiSlope(0, 12), 1e-12);
    }

    /** Every fault: one line, the parameter, the column, the problem, and a caret in front of the position. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "window(128) | sinkz(4) => mask at column 15: unknown primitive 'sinkz'; known: all, causal, window(w), sinks(k), global(k), prefix(k), dilated(w, d), bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed): window(128) | ^sinkz(4)",
        "window(1, 2) => mask at column 1: window takes 1 argument, got 2: window(w): ^window(1, 2)",
        "window => mask at column 1: window takes 1 argument, got 0: window(w): ^window",
        "causal(3) => mask at column 1: causal takes 0 arguments, got 1: causal: ^causal(3)",
        "window(0) => mask at column 8: window's sizes must be >= 1, got 0: window(^0)",
        "sinks(-4) => mask at column 7: sinks's sizes must be >= 1, got -4: sinks(^-4)",
        "window(2.5) => mask at column 8: window takes whole numbers, got 2.5: window(^2.5)",
        "window(99999999999) => mask at column 8: window's sizes must be <= 2147483647, got 99999999999: window(^99999999999)",
        "(window(2) | causal => mask at column 1: '(' is never closed: ^(window(2) | causal",
        "window(2) causal => mask at column 11: unexpected 'c', expected '|', '&' or the end: window(2) ^causal",
        "window(2) | => mask at column 12: expression ends where a primitive is expected; known: all, causal, window(w), sinks(k), global(k), prefix(k), dilated(w, d), bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed): window(2) |^",
        "bigbird(32, 4, 1, 1, 0) => mask at column 13: bigbird's windowBlocks must be odd (centred on the query's block), got 4: bigbird(32, ^4, 1, 1, 0)",
        "bigbird(32, 3, 1) => mask at column 1: bigbird takes 5 arguments, got 3: bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed): ^bigbird(32, 3, 1)",
        "window(x) => mask at column 8: expected a number, found 'x': window(^x)",
    })
    void maskErrorsPointAtThePosition(String expression, String message) {
        MaskSyntaxException e = assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseMask("mask", expression));
        assertEquals(message, e.getMessage());
        assertEquals("mask", e.key());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "softcap(0) => score at column 9: softcap takes a number > 0, got 0: softcap(^0)",
        "alibi, tanh => score at column 8: unknown score modifier 'tanh'; known: alibi, softcap(c), temperature(t): alibi, ^tanh",
        "alibi softcap(3) => score at column 7: unexpected 's', expected ',' or the end: alibi ^softcap(3)",
        "temperature() => score at column 13: expected a number, found ')': temperature(^)",
        "temperature(1e-45) => score at column 13: temperature takes a number >= 1e-30, got 1.0E-45: logit / 1.0E-45 overflows float (largest 3.4e38) for logits above 3.4e-07, and softmax over infinities is NaN: temperature(^1e-45)",
        "softcap(1e-50) => score at column 9: softcap takes a number >= 1.4e-45 (the smallest float), got 1.0E-50: softcap(^1e-50)",
        "softcap(1e300) => score at column 9: softcap takes a number <= 3.4e38 (the largest float), got 1.0E300: softcap(^1e300)",
    })
    void scoreErrorsPointAtThePosition(String expression, String message) {
        assertEquals(message, assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseScore("score", expression)).getMessage());
    }

    /** A tree 100,000 deep would overflow the stack when parsed or evaluated: refused in one short line instead. */
    @Test
    void depthAndSizeAreBoundedInOneShortLine() {
        String nested = "(".repeat(100_000) + "all" + ")".repeat(100_000);
        MaskSyntaxException e = assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseMask("mask", nested));
        assertEquals("mask at column 65: nested deeper than 64 levels of '(' and '!': ..." + "(".repeat(60) + "^" + "(".repeat(60) + "...",
                e.getMessage());
        MaskSyntaxException not = assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseMask("mask", "!".repeat(100_000) + "all"));
        assertTrue(not.getMessage().startsWith("mask at column 65: nested deeper than 64 levels of '(' and '!': "), not.getMessage());
        // a flat chain builds a tree as deep as it is long
        String chain = String.join(" | ", java.util.Collections.nCopies(100_000, "causal"));
        MaskSyntaxException flat = assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseMask("mask", chain));
        assertTrue(flat.getMessage().startsWith("mask at column " + (1 + 512 * 9) + ": more than 1024 primitives, operators and modifiers in one expression: ..."),
                flat.getMessage());
        assertTrue(flat.getMessage().length() < 300, flat.getMessage());
        String modifiers = String.join(", ", java.util.Collections.nCopies(100_000, "alibi"));
        assertTrue(assertThrows(MaskSyntaxException.class, () -> MaskGrammar.parseScore("score", modifiers)).getMessage()
                .startsWith("score at column " + (1 + 1024 * 7) + ": more than 1024 primitives, operators and modifiers"));
        // at the bounds: parsed, and evaluated without overflow
        Mask deep = MaskGrammar.parseMask("mask", "(".repeat(64) + "window(1)" + ")".repeat(64));
        assertTrue(deep.covers(3, 2, 8, false));
        Mask negations = MaskGrammar.parseMask("mask", "!".repeat(64) + "window(1)");
        assertTrue(negations.covers(3, 2, 8, false));
        Mask wide = MaskGrammar.parseMask("mask", String.join(" | ", java.util.Collections.nCopies(512, "window(1)")));
        assertTrue(wide.covers(3, 2, 8, false));
        assertFalse(wide.covers(3, 0, 8, false));
    }
}
