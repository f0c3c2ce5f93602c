package io.github.fijiunet.workflow;

import java.nio.file.Path;
import java.util.List;

/** The outcome of a {@link BatchSegmentation} run: one item per input file and the summary CSV. */
public final class BatchReport {

    private final List<BatchItem> items;
    private final Path summaryFile;

    BatchReport(List<BatchItem> items, Path summaryFile) {
        this.items = List.copyOf(items);
        this.summaryFile = summaryFile;
    }

    /** One item per file of the input folder, in name order. */
    public List<BatchItem> items() {
        return items;
    }

    public Path summaryFile() {
        return summaryFile;
    }

    public long count(BatchStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }

    public long totalObjects() {
        return items.stream().mapToLong(BatchItem::objects).sum();
    }
}
