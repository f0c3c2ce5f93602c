package io.github.fijiunet.workflow;

/** One row of a batch summary: an input file and what became of it. */
public final class BatchItem implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final BatchStatus status;
    private final int planes;
    private final int objects;
    private final double meanArea;
    private final String message;

    BatchItem(String file, BatchStatus status, int planes, int objects, double meanArea, String message) {
        this.file = file;
        this.status = status;
        this.planes = planes;
        this.objects = objects;
        this.meanArea = meanArea;
        this.message = message;
    }

    public static BatchItem notSegmented(String file, BatchStatus status, String message) {
        return new BatchItem(file, status, 0, 0, Double.NaN, message);
    }

    /** The same row with {@code local} in its message named {@code name} (an input copied from where the user named it). */
    public BatchItem naming(String local, String name) {
        return new BatchItem(file, status, planes, objects, meanArea, message.replace(local, name));
    }

    /** File name inside the input folder. */
    public String file() {
        return file;
    }

    public BatchStatus status() {
        return status;
    }

    /** Z × T planes segmented (0 unless OK). */
    public int planes() {
        return planes;
    }

    public int objects() {
        return objects;
    }

    /** Mean object area in calibrated units (pixels when uncalibrated); NaN without objects. */
    public double meanArea() {
        return meanArea;
    }

    /** Why a file was skipped or failed; the written base name for OK rows. */
    public String message() {
        return message;
    }
}
