package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A grouped horizontal bar chart as SVG: one group per measurement, one bar per contender. */
final class BarChart {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"};
    private static final int MIN_LABEL_WIDTH = 230;
    private static final double CHARACTER_WIDTH = 6.6;
    private static final int BAR_AREA = 420;
    private static final int BAR_HEIGHT = 18;

    private final String title;
    private final String unit;
    private final List<String> series;
    private final List<Group> groups = new ArrayList<>();
    private String valueFormat = "%.1f";
    private Double reference;
    private String referenceLabel;

    private record Group(String label, List<Double> values) {}

    BarChart(String title, String unit, List<String> series) {
        this.title = title;
        this.unit = unit;
        this.series = List.copyOf(series);
    }

    BarChart group(String label, List<Double> values) {
        if (values.size() != series.size()) {
            throw new IllegalArgumentException(label + ": " + values.size() + " values for " + series.size() + " series");
        }
        groups.add(new Group(label, List.copyOf(values)));
        return this;
    }

    /** How each bar's value is printed (a {@link String#format} pattern for one double); {@code %.1f} unless set. */
    BarChart valueFormat(String format) {
        this.valueFormat = format;
        return this;
    }

    /** A dashed vertical line at {@code value}, such as 1 on a chart of ratios, named in the legend. */
    BarChart referenceLine(double value, String label) {
        this.reference = value;
        this.referenceLabel = label;
        return this;
    }

    String svg() {
        double max = groups.stream().flatMap(g -> g.values().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
        if (reference != null) {
            max = Math.max(max, reference);
        }
        int labelWidth = Math.max(MIN_LABEL_WIDTH, (int) Math.ceil(groups.stream()
                .mapToInt(g -> g.label().length()).max().orElse(0) * CHARACTER_WIDTH) + 20);
        int groupHeight = series.size() * BAR_HEIGHT + 14;
        int legendHeight = 24;
        int height = 40 + legendHeight + groups.size() * groupHeight + 10;
        int width = labelWidth + BAR_AREA + 110;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        int x = 10;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"44\">%s</text>%n", x, COLOURS[s % COLOURS.length], x + 16, escape(series.get(s))));
            x += 30 + series.get(s).length() * 7;
        }
        if (reference != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"40\" stroke=\"black\" stroke-dasharray=\"3,2\"/>"
                    + "<text x=\"%d\" y=\"44\">%s</text>%n", x, x + 12, x + 16, escape(referenceLabel)));
        }
        int y = 40 + legendHeight;
        for (Group group : groups) {
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n",
                    y + groupHeight / 2, escape(group.label())));
            for (int s = 0; s < series.size(); s++) {
                double value = group.values().get(s);
                int barWidth = (int) Math.round(BAR_AREA * value / max);
                int barY = y + s * BAR_HEIGHT;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                                + "<text x=\"%d\" y=\"%d\">" + valueFormat + " %s</text>%n",
                        labelWidth, barY, Math.max(barWidth, 1), BAR_HEIGHT - 3, COLOURS[s % COLOURS.length],
                        labelWidth + barWidth + 5, barY + BAR_HEIGHT - 6, value, escape(unit)));
            }
            y += groupHeight;
        }
        if (reference != null) {
            int referenceX = labelWidth + (int) Math.round(BAR_AREA * reference / max);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"3,2\"/>%n",
                    referenceX, 40 + legendHeight - 4, referenceX, y));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
