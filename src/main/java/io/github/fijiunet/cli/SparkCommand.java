package io.github.fijiunet.cli;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.spark.SparkSegmentation;
import io.github.fijiunet.workflow.BatchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fiji-unet spark}: {@code batch} on Apache Spark, in this JVM by default. This class names
 * no Spark type, so the other commands run without Spark on the class path.
 */
@Command(name = "spark", header = "Segment many images on Apache Spark (embedded local mode by default).",
        mixinStandardHelpOptions = true, modelTransformer = SegmentationFlags.class, sortOptions = false,
        description = {"The batch command as a Spark job: the same files per image and one summary.csv. Inputs: a folder, a glob",
                "(quoted: '/data/plate1/*.tif') or a list file (.csv/.txt, one path per line). Without --master Spark runs in this",
                "JVM on all cores; with one (spark://..., yarn, local[4]) it is a Spark application like any other (see README,",
                "'On a cluster (Spark)'). A retried or duplicated task never leaves half-written or doubled outputs."})
public final class SparkCommand implements Callable<Integer> {

    static final String LOG_CONFIGURATION = "log4j2.configurationFile";

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FOLDER|GLOB|LIST", description = "Folder of images, a glob or a list file; or a Hadoop URI (hdfs://, s3a://, file://) of a folder, file or glob.")
    private String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the results, on storage every executor can write.")
    private Path output;

    @Option(names = "--overwrite", description = "Replace results of an earlier run.")
    private boolean overwrite;

    @Option(names = "--resume", description = "Keep the images whose results are complete, segment the rest.")
    private boolean resume;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master; default: spark-submit's, else " + SparkSegmentation.LOCAL_MASTER
            + " (this JVM, all cores, 4 attempts per task).")
    private String master;

    @Option(names = "--partitions", defaultValue = "0", description = "Tasks to split the images into (0 = one per image, and per block of a large plane). Default: ${DEFAULT-VALUE}.")
    private int partitions;

    @Option(names = "--threads-per-task", defaultValue = "0", description = "TensorFlow threads per task (0 = spark.task.cpus, so tasks x threads"
            + " stay within each executor's cores). Default: ${DEFAULT-VALUE}.")
    private int threadsPerTask;

    @Option(names = "--block-size", defaultValue = "0", paramLabel = "PIXELS", description = "Edge of the blocks a large plane (above 4 blocks,"
            + " one uncompressed TIFF plane) is split into, one task each (0 = " + BlockSegmenter.BLOCK_SIZE + ", so planes above "
            + "8192x8192 are split, as batch splits them). Default: ${DEFAULT-VALUE}.")
    private int blockSize;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. spark.ui.port=4050.")
    private Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Keep Spark's own INFO lines.")
    private boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!verbose && System.getProperty(LOG_CONFIGURATION) == null) {
            System.setProperty(LOG_CONFIGURATION, "classpath:io/github/fijiunet/spark/log4j2-warn.properties");
        }
        SegmentationOptions options = SegmentationFlags.options(spec);
        Path model = ModelCatalog.standard().resolve(SegmentationFlags.model(spec));
        BatchReport report;
        try {
            report = SparkSegmentation.run(input, output, model, options, new SparkSegmentation.Settings(master, partitions, threadsPerTask, blockSize, conf),
                    overwrite, resume, new ConsoleProgress(err));
        } catch (NoClassDefFoundError e) {
            throw new FijiUnetException("Spark is not on the class path (" + e.getMessage() + "). Run 'fiji-unet spark' through the launcher "
                    + "(src/main/scripts/fiji-unet), which adds target/lib/spark/, or with spark-submit on a cluster.", e);
        }
        BatchCommand.print(report, " kept, ", input, out, err);
        return 0;
    }
}
