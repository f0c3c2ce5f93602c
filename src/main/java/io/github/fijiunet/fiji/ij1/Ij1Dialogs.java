package io.github.fijiunet.fiji.ij1;

import ij.plugin.frame.Recorder;
import io.github.fijiunet.fiji.MacroOptions;

import java.util.Map;

/**
 * Helpers shared by the ImageJ 1.x plugins. In a macro ({@code Macro.getOptions() != null}) the
 * plugins read the option string themselves with the option enums' keys ({@link MacroOptions});
 * {@code GenericDialog} would derive keys from the first word of each label instead, and its
 * {@code Macro.getValue} also matches {@code threshold=} inside {@code seed_threshold=}.
 * Interactively they show a {@code GenericDialog} and then record the enums' keys, not the
 * dialog's, so a recorded line replays through the same parser.
 */
final class Ij1Dialogs {

    private Ij1Dialogs() {}

    /** Replaces what the dialog recorded with {@code key=value} for every setting. */
    static void record(Map<String, String> settings) {
        if (!Recorder.record) return;
        Recorder.resetCommandOptions();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String token = MacroOptions.token(e.getKey(), e.getValue());
            Recorder.recordOption(e.getKey(), token.substring(e.getKey().length() + 1));
        }
    }

    /** Records {@code settings} (see {@link #record}) and returns them as the option string they stand for. */
    static String recordAndJoin(Map<String, String> settings) {
        record(settings);
        StringBuilder options = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) options.append(MacroOptions.token(e.getKey(), e.getValue())).append(' ');
        return options.toString();
    }
}
