package io.github.fijiunet.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Supplier;

/**
 * Keeps ImageJ 1.x's own messages ("Unsupported format…", "File saving error"…) off standard
 * output, where they would mix with result lines such as classify's. Without an ImageJ window,
 * {@code IJ.log}, {@code IJ.error} and {@code IJ.showMessage} print straight to {@code System.out}
 * (ImageJ 1.54p has no log listener or other hook for them, and {@code IJ.redirectErrorMessages}
 * only turns errors into {@code IJ.log} calls). So {@code System.out} is swapped, once and again
 * only if someone else replaced it, for a stream that diverts what a thread prints while it runs
 * {@link #capture} into that thread's own buffer and passes everything else through unchanged:
 * images opened in parallel each keep their own messages, and no other output is touched.
 */
public final class ImageJMessages {

    private static final ThreadLocal<ByteArrayOutputStream> CAPTURING = new ThreadLocal<>();
    private static PrintStream diverting;

    private ImageJMessages() {}

    /**
     * Runs {@code call}, appending what it printed to {@code System.out} on this thread (ImageJ's
     * messages, trimmed) to {@code messages} instead.
     */
    public static <T> T capture(Supplier<T> call, StringBuilder messages) {
        installDiverting();
        ByteArrayOutputStream outer = CAPTURING.get();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CAPTURING.set(buffer);
        try {
            return call.get();
        } finally {
            if (outer == null) CAPTURING.remove(); else CAPTURING.set(outer);
            String text = buffer.toString(Charset.defaultCharset()).trim();
            if (!text.isEmpty()) {
                if (messages.length() > 0) messages.append(' ');
                messages.append(text.replaceAll("\\s*\n\\s*", " "));
            }
        }
    }

    private static synchronized void installDiverting() {
        if (System.out != diverting) {
            diverting = new PrintStream(new Diverting(System.out), true);
            System.setOut(diverting);
        }
    }

    /** This thread's capture buffer while it captures, else the stream {@code System.out} was. */
    private static final class Diverting extends OutputStream {

        private final PrintStream passThrough;

        Diverting(PrintStream passThrough) {
            this.passThrough = passThrough;
        }

        @Override
        public void write(int b) {
            ByteArrayOutputStream buffer = CAPTURING.get();
            if (buffer != null) buffer.write(b); else passThrough.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ByteArrayOutputStream buffer = CAPTURING.get();
            if (buffer != null) buffer.write(bytes, offset, length); else passThrough.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            if (CAPTURING.get() == null) passThrough.flush();
        }
    }
}
