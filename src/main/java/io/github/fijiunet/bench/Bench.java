package io.github.fijiunet.bench;

/**
 * Benchmarks that print ratios measured in one run (machines are noisy; ratios against a
 * reference measured alongside stay comparable). Run: {@code mvn -q compile exec:java
 * -Dexec.mainClass=io.github.fijiunet.bench.Bench}.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        StringBuilder report = new StringBuilder();
        CopyBenchmark.run(report);
        System.out.print(report);
    }
}
