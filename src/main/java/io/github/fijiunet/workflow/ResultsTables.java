package io.github.fijiunet.workflow;

import ij.measure.ResultsTable;
import io.github.fijiunet.eval.EvaluationReport;
import io.github.fijiunet.post.ObjectMeasurement;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-object measurements to an ImageJ ResultsTable, one row per object, columns named like
 * ImageJ's Analyze > Measure where they mean the same thing.
 */
public final class ResultsTables {

    public static final String LABEL = "Label";
    public static final String OBJECT = "Object";
    public static final String PLANE = "Plane";
    /** ImageJ's names for the Z and T position (1-based), as Analyze > Measure writes them with "Stack position". */
    public static final String SLICE = "Slice";
    public static final String FRAME = "Frame";
    public static final String AREA = "Area";
    public static final String X = "X";
    public static final String Y = "Y";
    public static final String MEAN = "Mean";
    public static final String MIN = "Min";
    public static final String MAX = "Max";
    public static final String PERIMETER = "Perimeter";
    public static final String CIRCULARITY = "Circularity";
    /** Mean over the object of the test-time augmentation uncertainty map; only with augmentation. */
    public static final String UNCERTAINTY = "Uncertainty";
    /**
     * The length unit of X, Y and Perimeter (Area is in its square): the image's calibration, or
     * "pixel". The other columns keep ImageJ's names, which macros read ({@code getResult("Area", i)})
     * whatever the calibration, so the unit is a column of its own rather than part of a heading.
     */
    public static final String UNIT = "Unit";
    public static final String CLASS = "Class";
    public static final String PROBABILITY = "Probability";

    private ResultsTables() {}

    /** The column of one class's probability, {@code p(Coat)}, in Results tables and CSVs alike. */
    public static String classProbabilityColumn(String className) {
        return "p(" + className + ")";
    }

    /**
     * Appends one row per measurement. {@code roiNames} (same order, may be null) fills the Label
     * column so rows match RoiManager entries; without them the label is the object number. Plane
     * counts Z/T planes from 1; Slice and Frame are its position in {@code layout}; {@code unit} is
     * the calibration's length unit the measurements were made in.
     * With {@code classColumns}, Class and Probability columns are added empty for a classifier
     * to fill ({@link #setClass}).
     */
    public static ResultsTable fill(ResultsTable table, List<ObjectMeasurement> measurements, List<String> roiNames, PlaneLayout layout,
                                    String unit, boolean classColumns) {
        for (int i = 0; i < measurements.size(); i++) {
            ObjectMeasurement m = measurements.get(i);
            table.incrementCounter();
            table.addLabel(roiNames != null ? roiNames.get(i) : String.valueOf(m.label()));
            table.addValue(OBJECT, m.label());
            table.addValue(PLANE, m.plane() + 1);
            table.addValue(SLICE, layout.slice(m.plane()));
            table.addValue(FRAME, layout.frame(m.plane()));
            table.addValue(AREA, m.area());
            table.addValue(X, m.centroidX());
            table.addValue(Y, m.centroidY());
            table.addValue(MEAN, m.mean());
            table.addValue(MIN, m.min());
            table.addValue(MAX, m.max());
            table.addValue(PERIMETER, m.perimeter());
            table.addValue(CIRCULARITY, m.circularity());
            table.addValue(UNIT, unit);
            if (!Double.isNaN(m.uncertainty())) table.addValue(UNCERTAINTY, m.uncertainty());
            if (classColumns) {
                table.addValue(CLASS, "");
                table.addValue(PROBABILITY, Double.NaN);
            }
        }
        return table;
    }

    /**
     * The table as ImageJ's {@code saveAs("....csv")} writes it (headings, the row label first, values
     * formatted by the table, commas in labels as semicolons, values with commas or empty quoted, no
     * row numbers), for writers that must see a failed write: ImageJ's reports it only to the log.
     */
    public static List<String> csvLines(ResultsTable table) {
        synchronized (FORMATS) {
            return csvLinesFormatted(table);
        }
    }

    /**
     * ImageJ formats every table's numbers through one static set of {@code DecimalFormat}s, made
     * lazily and not thread-safe: images segmented side by side (batch, Spark tasks in one JVM)
     * format under this lock, or a row may come out garbled or fail (seen: a NullPointerException
     * in {@code ResultsTable.d2s} that skipped an image).
     */
    private static final Object FORMATS = new Object();

    /** The column's values as the table formats them (as its CSV holds them). */
    public static String[] formattedColumn(ResultsTable table, int column) {
        synchronized (FORMATS) {
            String[] values = new String[table.size()];
            for (int row = 0; row < values.length; row++) values[row] = table.getStringValue(column, row);
            return values;
        }
    }

    private static List<String> csvLinesFormatted(ResultsTable table) {
        List<String> lines = new ArrayList<>(table.size() + 1);
        if (table.size() == 0 && table.getLastColumn() < 0) return lines;
        lines.add(String.join(",", table.getHeadings()));
        boolean labels = table.getHeadings().length > columnCount(table);
        for (int row = 0; row < table.size(); row++) {
            List<String> cells = new ArrayList<>();
            if (labels) cells.add(table.getLabel(row) == null ? "" : table.getLabel(row).replace(',', ';'));
            for (int c = 0; c <= table.getLastColumn(); c++) {
                if (!table.columnExists(c)) continue;
                String value = table.getStringValue(c, row);
                cells.add(value != null && (value.contains(",") || value.isEmpty()) ? "\"" + value + "\"" : value);
            }
            lines.add(String.join(",", cells));
        }
        return lines;
    }

    private static int columnCount(ResultsTable table) {
        int n = 0;
        for (int c = 0; c <= table.getLastColumn(); c++) if (table.columnExists(c)) n++;
        return n;
    }

    /** Sets the classifier's answer for one row. */
    public static void setClass(ResultsTable table, int row, String className, double probability) {
        table.setValue(CLASS, row, className);
        table.setValue(PROBABILITY, row, probability);
    }

    /** An evaluation as a table: one row per image, then the pooled row; the image name is the row label. */
    public static ResultsTable of(EvaluationReport report) {
        List<String> csvLines = report.csvLines();
        String[] header = csvLines.get(0).split(",", -1);
        ResultsTable t = new ResultsTable();
        for (String line : csvLines.subList(1, csvLines.size())) {
            String[] cells = line.split(",", -1);
            t.addRow();
            t.addLabel(cells[0]);
            for (int c = 1; c < header.length && c < cells.length; c++) {
                try {
                    t.addValue(header[c], Double.parseDouble(cells[c]));
                } catch (NumberFormatException e) {
                    t.addValue(header[c], cells[c]);
                }
            }
        }
        return t;
    }
}
