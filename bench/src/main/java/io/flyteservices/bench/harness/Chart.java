package io.flyteservices.bench.harness;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A PNG chart of a benchmark's figures under {@code bench/results/} (JFreeChart, headless). */
public final class Chart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final Map<String, XYSeries> lines = new LinkedHashMap<>();
    private final DefaultCategoryDataset bars = new DefaultCategoryDataset();
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logX;

    private Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A chart of lines (x, y) or bars (category, value), whichever points are added. */
    public static Chart of(String title, String xLabel, String yLabel) {
        return new Chart(title, xLabel, yLabel);
    }

    /** A logarithmic x axis (concurrency 1, 16, 64, 256). */
    public Chart logX() {
        this.logX = true;
        return this;
    }

    public Chart point(String series, double x, double y) {
        lines.computeIfAbsent(series, s -> new XYSeries(s, false)).add(x, y);
        return this;
    }

    public Chart bar(String series, String category, double value) {
        bars.addValue(value, series, category);
        return this;
    }

    /** Writes {@code <results>/<name>.png} and returns its path. */
    public Path write(String name) {
        JFreeChart chart;
        if (!lines.isEmpty()) {
            XYSeriesCollection data = new XYSeriesCollection();
            lines.values().forEach(data::addSeries);
            chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false,
                    false);
            XYPlot plot = chart.getXYPlot();
            if (logX) {
                LogAxis axis = new LogAxis(xLabel);
                axis.setBase(2);
                axis.setSmallestValue(1);
                plot.setDomainAxis(axis);
            }
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            var renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
            plot.setRenderer(renderer);
        } else {
            chart = ChartFactory.createBarChart(title, xLabel, yLabel, bars, PlotOrientation.VERTICAL, true, false,
                    false);
            chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
            // Configuration names are long: slanted labels stay whole instead of being cut to "aotca...".
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(
                    org.jfree.chart.axis.CategoryLabelPositions.UP_45);
            chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelWidthRatio(2f);
            chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        chart.setBackgroundPaint(Color.WHITE);
        Path png = Results.dir().resolve(name + ".png");
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("(written " + Results.relative(png) + ")");
        return png;
    }
}
