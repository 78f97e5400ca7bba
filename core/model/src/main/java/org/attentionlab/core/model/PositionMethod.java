package org.attentionlab.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a learned absolute position table of P rows is stretched to more positions without training
 * (Longformer's copy; LongEmbed's recurrent, group and interpolation schemes).
 */
public enum PositionMethod {

    /** Position p uses row p mod P: the learned table repeated (Longformer; LongEmbed's "recurrent"). */
    COPY,
    /** Position p uses row floor(p / ceil(L / P)): consecutive positions share a row (LongEmbed's "group"). */
    GROUP,
    /**
     * Position p is the linear interpolation between the two learned rows nearest to
     * p * (P - 1) / (L - 1): the ids scaled into the learned range.
     */
    INTERPOLATE;

    /** The name an experiment file uses ({@code copy}, {@code group}, {@code interpolate}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every name {@link #fromName} accepts, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(PositionMethod::configName).collect(Collectors.joining(", "));
    }

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    public static PositionMethod fromName(String name) {
        for (PositionMethod m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown position method '" + name + "'; known: " + names());
    }

    /**
     * The table for {@code extendTo} positions built from a learned one.
     *
     * @param table    {@code rows x width} row-major, the learned rows
     * @param extendTo the new number of rows, above {@code rows}
     * @return {@code extendTo x width} row-major; the first rows equal the learned ones for copy
     */
    public float[] extend(float[] table, int rows, int width, int extendTo) {
        if (rows < 1 || width < 1 || table.length != (long) rows * width) {
            throw new IllegalArgumentException("a table of " + table.length + " values is not " + rows + " x " + width);
        }
        if (extendTo <= rows) {
            throw new IllegalArgumentException("extendTo " + extendTo + " must exceed the " + rows + " learned rows");
        }
        float[] out = new float[Math.multiplyExact(extendTo, width)];
        int group = (extendTo + rows - 1) / rows;
        for (int p = 0; p < extendTo; p++) {
            switch (this) {
                case COPY -> System.arraycopy(table, (p % rows) * width, out, p * width, width);
                case GROUP -> System.arraycopy(table, (p / group) * width, out, p * width, width);
                case INTERPOLATE -> interpolateRow(table, rows, width, extendTo, p, out);
            }
        }
        return out;
    }

    private static void interpolateRow(float[] table, int rows, int width, int extendTo, int p, float[] out) {
        double x = (double) p * (rows - 1) / (extendTo - 1);
        int lo = (int) Math.floor(x);
        int hi = Math.min(lo + 1, rows - 1);
        double t = x - lo;
        for (int c = 0; c < width; c++) {
            double a = table[lo * width + c];
            double b = table[hi * width + c];
            out[p * width + c] = (float) (a + t * (b - a));
        }
    }
}
