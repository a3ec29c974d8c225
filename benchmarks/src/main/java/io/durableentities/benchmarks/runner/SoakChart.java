package io.durableentities.benchmarks.runner;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the soak's series as one PNG: six stacked panels over the same time axis (JFreeChart). */
final class SoakChart {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 1100;
  private static final Color LINE = new Color(0x1f, 0x77, 0xb4);
  private static final Color BOUND = new Color(0xd6, 0x27, 0x28);
  private static final Color PHASE = new Color(0x7f, 0x7f, 0x7f);

  private SoakChart() {}

  /**
   * Writes the chart.
   *
   * @param samples the series
   * @param heapBoundMib the heap bound, drawn on the heap panel
   * @param steadyFrom when the steady load started (seconds), or NaN
   * @param steadyTo when it stopped (seconds), or NaN
   * @param title the chart's title
   * @param file the PNG file
   */
  static void write(
      List<SoakSeries.Sample> samples,
      double heapBoundMib,
      double steadyFrom,
      double steadyTo,
      String title,
      Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes"));
    plot.setGap(8);
    XYPlot heap = panel(samples, "heap after GC (MiB)", SoakSeries.Sample::heapAfterGcMib);
    ValueMarker bound = new ValueMarker(heapBoundMib, BOUND, new BasicStroke(1.5f));
    bound.setLabel("bound " + Math.round(heapBoundMib) + " MiB");
    bound.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    bound.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    heap.addRangeMarker(bound);
    ((NumberAxis) heap.getRangeAxis()).setAutoRangeIncludesZero(true);
    heap.getRangeAxis().setUpperBound(heapBoundMib * 1.1);
    plot.add(heap, 2);
    plot.add(panel(samples, "RSS (MiB)", SoakSeries.Sample::rssMib), 1);
    plot.add(panel(samples, "signals applied/s", SoakSeries.Sample::appliedPerSecond), 1);
    plot.add(panel(samples, "orchestrations/s", SoakSeries.Sample::orchestrationsPerSecond), 1);
    plot.add(panel(samples, "resident entities", s -> s.residentEntities()), 1);
    plot.add(panel(samples, "database (MiB)", SoakSeries.Sample::databaseMib), 1);
    for (Object sub : plot.getSubplots()) {
      XYPlot p = (XYPlot) sub;
      phaseMarker(p, steadyFrom, "steady load");
      phaseMarker(p, steadyTo, "stop");
    }
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 13), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  private static XYPlot panel(
      List<SoakSeries.Sample> samples, String label, ToDoubleFunction<SoakSeries.Sample> value) {
    XYSeries series = new XYSeries(label, false, true);
    for (SoakSeries.Sample s : samples) {
      double y = value.applyAsDouble(s);
      if (Double.isFinite(y)) {
        series.add(s.seconds() / 60, y);
      }
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, LINE);
    renderer.setSeriesStroke(0, new BasicStroke(1.2f));
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(true);
    axis.setLabelFont(new Font("SansSerif", Font.PLAIN, 11));
    XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  private static void phaseMarker(XYPlot plot, double seconds, String label) {
    if (Double.isFinite(seconds)) {
      ValueMarker m = new ValueMarker(seconds / 60, PHASE, new BasicStroke(1f));
      m.setLabel(label);
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(m);
    }
  }
}
