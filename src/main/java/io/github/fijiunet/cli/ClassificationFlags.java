package io.github.fijiunet.cli;

import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/** Adds every {@link ClassificationOption} and the device/thread flags to a command ({@code classify}). */
public final class ClassificationFlags implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (ClassificationOption option : ClassificationOption.values()) OptionFlags.add(spec, option);
        OptionFlags.addRuntime(spec);
        return spec;
    }

    static String model(CommandSpec spec) {
        return OptionFlags.text(spec, ClassificationOption.MODEL);
    }

    static ClassificationOptions options(CommandSpec spec) {
        return OptionFlags.fromValues(() -> {
            ClassificationOptions.Builder builder = ClassificationOptions.builder();
            for (ClassificationOption option : ClassificationOption.values()) {
                if (option != ClassificationOption.MODEL) builder.set(option, OptionFlags.text(spec, option));
            }
            return builder.build();
        });
    }
}
