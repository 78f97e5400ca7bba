package org.attentionlab.runners.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.attentionlab.runners.results.Cell;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart and encoded as PNG for embedding. */
public final class Charts {

    static final int WIDTH = 760;
    static final int HEIGHT = 440;

    static {
        // Reports are written on servers and in CI: no display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * One line per variant of {@code value} over context size; log axes where asked. A log axis is drawn
     * as log2 (x) or log10 (y) of the value on a linear axis with the values written back on the ticks:
     * XChart's own log axes label decades only, and a sweep from 32 to 512 spans a single one.
     */
    public static XYChart lines(String title, String yTitle, ReportTables tables, Function<Cell, Double> value,
                                boolean logX, boolean logY) {
        return lines(title, yTitle, tables, value, logX, logY, Charts::twoDigits);
    }

    /** As above, with {@code yLabel} writing a (real, not log) value on the y ticks of a log axis. */
    public static XYChart lines(String title, String yTitle, ReportTables tables, Function<Cell, Double> value,
                                boolean logX, boolean logY, Function<Double, String> yLabel) {
        return lines(title, yTitle, tables, value, null, logX, logY, yLabel);
    }

    /**
     * As above, with error bars: {@code range} gives a cell's [low, high] (p10-p90 of the repetitions, the lowest
     * and highest document), null for none. XChart draws symmetric bars, so each bar reaches the farther of the two
     * ends on both sides: it always covers the range, and is wider on the nearer side.
     */
    public static XYChart lines(String title, String yTitle, ReportTables tables, Function<Cell, Double> value,
                                Function<Cell, double[]> range, boolean logX, boolean logY, Function<Double, String> yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("context size n (tokens" + (logX ? ", log scale)" : ")"))
                .yAxisTitle(yTitle + (logY ? " (log scale)" : "")).build();
        if (logX) {
            chart.setCustomXAxisTickLabelsFormatter(Charts::powerOfTwoLabel);
        }
        if (logY) {
            chart.setCustomYAxisTickLabelsFormatter(log10v -> yLabel.apply(Math.pow(10, log10v)));
        }
        legend(chart, tables.cellsByLabel().size() + 1); // + 1: a dashed reference series may follow
        chart.getStyler().setDecimalPattern("#,##0.####");
        for (Map.Entry<String, Map<Integer, Cell>> e : tables.cellsByLabel().entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> bars = new ArrayList<>();
            boolean anyBar = false;
            for (int n : tables.sizes()) {
                Cell c = e.getValue().get(n);
                Double v = c == null || !c.ok() ? null : value.apply(c);
                if (v != null && !v.isNaN() && (!logY || v > 0)) {
                    xs.add(logX ? log2(n) : n);
                    double y = logY ? Math.log10(v) : v;
                    ys.add(y);
                    double[] r = range == null ? null : range.apply(c);
                    double bar = 0;
                    if (r != null && (!logY || r[0] > 0 && r[1] > 0)) {
                        double lo = logY ? Math.log10(r[0]) : r[0];
                        double hi = logY ? Math.log10(r[1]) : r[1];
                        bar = Math.max(Math.abs(y - lo), Math.abs(hi - y));
                        anyBar = true;
                    }
                    bars.add(bar);
                }
            }
            if (!xs.isEmpty()) {
                (anyBar ? chart.addSeries(e.getKey(), xs, ys, bars) : chart.addSeries(e.getKey(), xs, ys)).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * A tick at log2(n) = 9 reads "512"; ticks between powers of two stay blank: a space, since XChart
     * cannot lay out an empty label (a run with sizes 16 and 600 has such ticks).
     */
    static String powerOfTwoLabel(double log2n) {
        long rounded = Math.round(log2n);
        return Math.abs(log2n - rounded) < 1e-6 ? Long.toString(1L << rounded) : " ";
    }

    /** Two significant digits: 15.85 -> "16", 251.2 -> "250". */
    static String twoDigits(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /**
     * One line per named series of (x, y) points, in the map's order: for charts whose x axis is not the
     * context size (a layer index, say). {@code yPattern} formats the y ticks, e.g. {@code 0.#####}.
     */
    public static XYChart xy(String title, String xTitle, String yTitle, Map<String, List<double[]>> series, boolean logX,
                             String yPattern) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        legend(chart, series.size());
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        chart.getStyler().setYAxisDecimalPattern(yPattern);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] point : e.getValue()) {
                if (!Double.isNaN(point[1])) {
                    xs.add(point[0]);
                    ys.add(point[1]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    /** The legend below the plot in one row; to the right, one per line, when that row would run off the image. */
    private static void legend(XYChart chart, int series) {
        boolean many = series > 6;
        chart.getStyler().setLegendPosition(many ? org.knowm.xchart.style.Styler.LegendPosition.OutsideE
                : org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(many ? org.knowm.xchart.style.Styler.LegendLayout.Vertical
                : org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    }

    /** Adds a dashed series (the reference's latency, say), given in the chart's own (log) coordinates. */
    public static void addSeries(XYChart chart, String name, List<Double> xs, List<Double> ys) {
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.DIAMOND)
                    .setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
    }

    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
    }
}
