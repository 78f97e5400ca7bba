package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {

    // x, erf(x), erfc(x): CPython's math.erf / math.erfc (correctly rounded to a few ulps)
    private static final double[][] TABLE = {
        {0.0, 0.0, 1.0},
        {1e-10, 1.1283791670955126e-10, 0.999999999887162},
        {0.01, 0.011283415555849616, 0.9887165844441503},
        {0.1, 0.1124629160182849, 0.8875370839817152},
        {0.3, 0.3286267594591274, 0.6713732405408726},
        {0.46875, 0.49261347321793797, 0.507386526782062},
        {0.4688, 0.4926587618132793, 0.5073412381867207},
        {0.5, 0.5204998778130465, 0.4795001221869535},
        {0.75, 0.7111556336535151, 0.28884436634648486},
        {1.0, 0.8427007929497149, 0.15729920705028513},
        {1.5, 0.9661051464753108, 0.033894853524689274},
        {2.0, 0.9953222650189527, 0.004677734981047265},
        {2.5, 0.999593047982555, 0.0004069520174449589},
        {3.0, 0.9999779095030014, 2.2090496998585438e-05},
        {3.5, 0.9999992569016276, 7.430983723414128e-07},
        {3.9999, 0.9999999845700388, 1.5429961215558176e-08},
        {4.0, 0.9999999845827421, 1.541725790028002e-08},
        {4.0001, 0.9999999845954353, 1.5404564743590145e-08},
        {4.5, 0.9999999998033839, 1.9661604415428873e-10},
        {5.0, 0.9999999999984626, 1.5374597944280351e-12},
        {6.0, 1.0, 2.1519736712498916e-17},
    };

    @Test
    void erfMatchesReferenceValuesToDoublePrecision() {
        for (double[] row : TABLE) {
            assertEquals(row[1], Erf.erf(row[0]), 2e-16 + 4e-16 * Math.abs(row[1]), "erf(" + row[0] + ")");
            assertEquals(-row[1], Erf.erf(-row[0]), 2e-16 + 4e-16 * Math.abs(row[1]), "erf(-" + row[0] + ")");
        }
    }

    @Test
    void erfcKeepsRelativeAccuracyInTheTail() {
        for (double[] row : TABLE) {
            assertEquals(row[2], Erf.erfc(row[0]), 1e-14 * row[2], "erfc(" + row[0] + ")");
            assertEquals(2 - row[2], Erf.erfc(-row[0]), 1e-15, "erfc(-" + row[0] + ")");
        }
        double[][] tail = {{7.0, 4.183825607779414e-23}, {10.0, 2.088487583762545e-45}, {20.0, 5.3958656116079005e-176},
            {26.0, 5.663192408856143e-296}};
        for (double[] row : tail) {
            assertEquals(row[1], Erf.erfc(row[0]), 1e-13 * row[1], "erfc(" + row[0] + ")");
        }
        assertEquals(0.0, Erf.erfc(27.0));
        assertEquals(1.0, Erf.erf(30.0));
    }

    @Test
    void geluIsHalfXTimesOnePlusErfOfXOverRootTwo() {
        // GELU(1) = 0.5 (1 + erf(1/sqrt 2)) = 0.8413447460685429..., GELU(-1) = -0.15865525393145707
        assertEquals(0.8413447460685429f, Gelu.gelu(1f), 0f);
        assertEquals(-0.15865525393145707f, Gelu.gelu(-1f), 0f);
        assertEquals(0f, Gelu.gelu(0f), 0f);
        assertEquals(10f, Gelu.gelu(10f), 0f);
        assertEquals(-0f, Gelu.gelu(-10f), 1e-22f);
    }
}
