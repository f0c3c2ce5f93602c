package io.github.fijiunet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.train.TrainingOption;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The README's option tables are the option definitions, rendered; a changed option fails here until the README follows. */
class OptionTableTest {

    @Test
    void readmeListsEveryOptionAsDefined() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (List<? extends OptionSpec> options : List.of(List.of(SegmentationOption.values()), List.of(InstanceOption.values()),
                List.of(ClassificationOption.values()), List.of(TrainingOption.values()), List.of(io.github.fijiunet.workflow.ExportOption.values()))) {
            String table = table(options);
            assertTrue(readme.contains(table), "README.md should hold this table (regenerated from the option enums):\n\n" + table);
        }
    }

    static String table(List<? extends OptionSpec> options) {
        StringBuilder sb = new StringBuilder("| key / flag | default | accepts | meaning |\n|---|---|---|---|\n");
        for (OptionSpec o : options) {
            sb.append("| `").append(o.key()).append("` `").append(o.flag()).append("` | `").append(o.defaultText()).append("` | ")
                    .append(o.accepts()).append(" | ").append(o.label());
            if (!o.help().isEmpty()) sb.append(": ").append(o.help());
            sb.append(" |\n");
        }
        return sb.toString();
    }
}
