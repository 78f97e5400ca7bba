package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The three ways to stretch a learned table, on a 4-row table whose row r holds (r, 10 r). */
class PositionMethodTest {

    private static final int ROWS = 4;
    private static final float[] TABLE = {0, 0, 1, 10, 2, 20, 3, 30};

    private static float[] column0(float[] table) {
        float[] c = new float[table.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = table[2 * i];
            assertEquals(10 * table[2 * i], table[2 * i + 1], 1e-5, "row " + i + " is one learned row or a blend of two");
        }
        return c;
    }

    @Test
    void copyRepeatsTheLearnedRows() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1}, column0(PositionMethod.COPY.extend(TABLE, ROWS, 2, 10)));
    }

    @Test
    void groupGivesCeilOfLengthOverRowsPositionsToEachRow() {
        // ceil(10 / 4) = 3 positions per row
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3}, column0(PositionMethod.GROUP.extend(TABLE, ROWS, 2, 10)));
        // a multiple: 8 / 4 = 2
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 3}, column0(PositionMethod.GROUP.extend(TABLE, ROWS, 2, 8)));
    }

    @Test
    void interpolateScalesTheIdsIntoTheLearnedRange() {
        // p * (4 - 1) / (7 - 1) = p / 2: the first and last positions are the first and last rows
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f, 3}, column0(PositionMethod.INTERPOLATE.extend(TABLE, ROWS, 2, 7)), 1e-6f);
    }

    @Test
    void namesAreTheConfigNames() {
        assertEquals(PositionMethod.GROUP, PositionMethod.fromName("group"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PositionMethod.fromName("rope"));
        assertEquals("unknown position method 'rope'; known: copy, group, interpolate", e.getMessage());
    }

    @Test
    void refusesLengthsOutsideTheRange() {
        assertEquals("positions.extendTo must be between 2 and 65536, got 65537",
                assertThrows(IllegalArgumentException.class, () -> new PositionExtension(PositionMethod.COPY, 65537)).getMessage());
        assertEquals("positions.extendTo 512 must exceed the 512 positions all-minilm-l6-v2 already has",
                assertThrows(IllegalArgumentException.class,
                        () -> new PositionExtension(PositionMethod.COPY, 512).checkAgainst(512, "all-minilm-l6-v2")).getMessage());
    }
}
