package io.github.fijiunet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsWithCommasQuotesOrLineBreaksAreQuoted() {
        assertEquals("plain name.tif", Csv.cell("plain name.tif"));
        assertEquals("", Csv.cell(""));
        assertEquals("", Csv.cell(null));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.cell("two\nlines"));
        assertEquals("\"two\r\nlines\"", Csv.cell("two\r\nlines"));
    }
}
