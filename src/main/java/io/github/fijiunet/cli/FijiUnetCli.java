package io.github.fijiunet.cli;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Headless entry point ({@code fiji-unet <subcommand>}, {@code java -jar}, {@code mvn exec:java}).
 * Exit codes: 0 success, 1 a user-fixable problem (message on stderr), 2 bad command line (picocli's
 * own errors and {@link InvalidOptionException}s: bad option values), 130 cancelled. Unexpected
 * failures also exit 1, with one line on stderr and their stack trace in a file.
 */
@Command(name = "fiji-unet", mixinStandardHelpOptions = true, versionProvider = FijiUnetCli.Version.class,
        description = "Deep-learning segmentation and classification for microscopy images (U-Net, U-Net++, CNN).",
        subcommands = {CommandLine.HelpCommand.class, SegmentCommand.class, BatchCommand.class, ClassifyCommand.class,
                TrainCommand.class, ReexportCommand.class, EvaluateCommand.class, TuneCommand.class, BioImageIoCommand.class, ExportBioImageIoCommand.class, SparkCommand.class})
public final class FijiUnetCli {

    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_BAD_COMMAND_LINE = CommandLine.ExitCode.USAGE;
    public static final int EXIT_CANCELLED = 130;

    /** Ctrl-C cancels the running job cleanly; the JVM waits this long for it to stop. */
    private static final long CANCEL_WAIT_SECONDS = 30;

    public static void main(String[] args) {
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ConsoleProgress.interruptAll();
            try {
                finished.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fiji-unet-cancel"));
        int exitCode = run(args);
        finished.countDown();
        System.exit(exitCode);
    }

    /** Runs one command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        // Option values are written in lower case everywhere (macros, help defaults); enums accept either.
        CommandLine cli = new CommandLine(new FijiUnetCli()).setCaseInsensitiveEnumValuesAllowed(true);
        // A bad flag or value: one line naming it and where the options are listed, not the whole usage.
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("Error: " + e.getMessage());
            command.getErr().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            command.getErr().flush();
            return EXIT_BAD_COMMAND_LINE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.github.fijiunet.CancelledException) {
                commandLine.getErr().println("Cancelled.");
                return EXIT_CANCELLED;
            }
            if (e instanceof InvalidOptionException) {
                commandLine.getErr().println("Error: " + e.getMessage());
                return EXIT_BAD_COMMAND_LINE;
            }
            if (e instanceof FijiUnetException) {
                commandLine.getErr().println("Error: " + e.getMessage());
                return EXIT_USER_ERROR;
            }
            return unexpected(e, commandLine.getErr());
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | LinkageError e) { // picocli passes only Exceptions to the handler
            return unexpected(e, cli.getErr());
        }
    }

    /**
     * A failure fiji-unet did not foresee: one line on stderr, and the stack trace in a file for a
     * bug report rather than on the user's console.
     */
    static int unexpected(Throwable e, PrintWriter err) {
        if (e instanceof OutOfMemoryError) {
            err.println("Error: out of memory. Give Java more (JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g), or use a smaller --tile-size or --batch-size.");
            err.flush();
            return EXIT_USER_ERROR;
        }
        String details;
        try {
            Path log = Files.createTempFile("fiji-unet-error-", ".log");
            try (PrintWriter trace = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                e.printStackTrace(trace);
            }
            details = "the details are in " + log + "; please report them to the fiji-unet developers";
        } catch (IOException | RuntimeException notWritten) {
            details = "its details could not be written to a file (" + notWritten.getMessage() + ")";
        }
        err.println("Error: unexpected failure (" + e + "); " + details + ".");
        err.flush();
        return EXIT_USER_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FijiUnetCli.class.getPackage().getImplementationVersion();
            return new String[] {"fiji-unet " + (v == null ? "(development build)" : v)};
        }
    }
}
