package org.attentionlab.core.tensor;

/**
 * The error function in double precision, after W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969, pp. 631-638;
 * the coefficients of the netlib SPECFUN routine CALERF). Three ranges: erf itself near zero, erfc
 * as {@code exp(-x^2) R(x)} up to 4, and an asymptotic rational in {@code 1/x^2} beyond; the
 * absolute error is below 1e-15 everywhere, far under what a float32 model can see.
 *
 * <p>Java has no erf, and the exact GELU of BERT needs one: a cheap approximation such as
 * Abramowitz-Stegun 7.1.26 (error 1.5e-7) would show up as a systematic bias against ONNX Runtime.
 */
public final class Erf {

    private static final double THRESHOLD = 0.46875;
    private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;

    // erf(x) = x P(x^2) / Q(x^2) for |x| <= 0.46875
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    // erfc(x) = exp(-x^2) P(x) / Q(x) for 0.46875 < x <= 4
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    // erfc(x) = exp(-x^2) / x (1/sqrt(pi) + 1/x^2 P(1/x^2) / Q(1/x^2)) for x > 4
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};

    /** Beyond this erfc(x) underflows to 0 in double (and erf is exactly +-1). */
    private static final double ERFC_ZERO = 26.543;

    private Erf() {
    }

    /**
     * erf(x) for any double, absolute error below 1e-15; odd in x, exactly +-1 beyond about 6, NaN for NaN.
     * Pure and thread-safe.
     */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return x * small(y * y);
        }
        double r = 1.0 - erfcPositive(y);
        return x < 0 ? -r : r;
    }

    /**
     * erfc(x) = 1 - erf(x), accurate in relative terms for large positive x (where 1 - erf(x) would cancel);
     * 0 beyond 26.543, 2 towards negative infinity, NaN for NaN. Pure and thread-safe.
     */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return 1.0 - x * small(y * y);
        }
        double r = erfcPositive(y);
        return x < 0 ? 2.0 - r : r;
    }

    private static double small(double ysq) {
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y > 0.46875. */
    private static double erfcPositive(double y) {
        double rational;
        if (y <= 4.0) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            rational = (num + C[7]) / (den + D[7]);
        } else {
            if (y >= ERFC_ZERO) {
                return 0.0;
            }
            double ysq = 1.0 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            rational = ysq * (num + P[4]) / (den + Q[4]);
            rational = (ONE_OVER_SQRT_PI - rational) / y;
        }
        // exp(-y^2) as exp(-r^2) exp(-(y-r)(y+r)) with r = y rounded down to 1/16: y^2 is then exact
        // in its large part, which keeps the relative error of the product at a few ulps (Cody's trick).
        double rounded = Math.floor(y * 16.0) / 16.0;
        double del = (y - rounded) * (y + rounded);
        return Math.exp(-rounded * rounded) * Math.exp(-del) * rational;
    }
}
