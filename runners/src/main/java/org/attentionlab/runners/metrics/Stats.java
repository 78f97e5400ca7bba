package org.attentionlab.runners.metrics;

import java.util.Arrays;

/** Order statistics and the log-log fit the reports use. */
public final class Stats {

    private Stats() {
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition). */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /**
     * Least-squares slope of log(y) over log(x): the k of y ~ x^k. Null with fewer than two distinct x
     * or any non-positive value.
     */
    public static Double logLogSlope(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        int count = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0)) {
                return null;
            }
            sx += Math.log(x[i]);
            sy += Math.log(y[i]);
            count++;
        }
        if (count < 2) {
            return null;
        }
        double mx = sx / count;
        double my = sy / count;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = Math.log(x[i]) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(y[i]) - my);
        }
        return sxx == 0 ? null : sxy / sxx;
    }
}
