package io.github.fijiunet.cli;

import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.OptionValueException;
import io.github.fijiunet.eval.EvaluateCommand;
import io.github.fijiunet.train.ReexportCommand;
import io.github.fijiunet.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Headless entry point ({@code fiji-unet <subcommand>}, {@code java -jar}, {@code mvn exec:java}).
 * Exit codes: 0 success, 1 a user-fixable problem (message on stderr), 2 bad command line (picocli's
 * own checks, and option values the core refuses: {@link OptionValueException}), 130 cancelled.
 */
@Command(name = "fiji-unet", mixinStandardHelpOptions = true, versionProvider = FijiUnetCli.Version.class,
        description = "Deep-learning segmentation and classification for microscopy images (U-Net, U-Net++, CNN).",
        subcommands = {CommandLine.HelpCommand.class, SegmentCommand.class, BatchCommand.class, ClassifyCommand.class,
                TrainCommand.class, ReexportCommand.class, EvaluateCommand.class})
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
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.github.fijiunet.CancelledException) {
                commandLine.getErr().println("Cancelled.");
                return EXIT_CANCELLED;
            }
            if (e instanceof OptionValueException) {
                commandLine.getErr().println("Error: " + e.getMessage());
                return EXIT_BAD_COMMAND_LINE;
            }
            if (e instanceof FijiUnetException) {
                commandLine.getErr().println("Error: " + e.getMessage());
                return EXIT_USER_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FijiUnetCli.class.getPackage().getImplementationVersion();
            return new String[] {"fiji-unet " + (v == null ? "(development build)" : v)};
        }
    }
}
