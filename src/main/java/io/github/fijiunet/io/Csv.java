package io.github.fijiunet.io;

/**
 * CSV cells for the files fiji-unet writes itself (batch summary, classification and evaluation
 * tables), quoted as RFC 4180 and spreadsheets read them. ImageJ's own Results format is kept by
 * {@code ResultsTables.csvLines}, which writes what {@code ResultsTable.saveAs} writes.
 */
public final class Csv {

    private Csv() {}

    /**
     * {@code text} as one cell: quoted, with inner quotes doubled, when it holds a comma, a quote or
     * a line break (a file name may hold any of them); as it is otherwise. {@code null} is empty.
     */
    public static String cell(String text) {
        if (text == null) return "";
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
