#!/usr/bin/env bash
# The GPU check of issue 20, as one script for a machine with an NVIDIA GPU, its driver, Java 11+
# and Maven with access to Maven Central (or a repository already holding the -Pgpu jars; add -o).
# Builds the CUDA variant, then prints: the device the model ran on, inference Mpixel/s on 2048² and
# 8192², end-to-end ÷ inference-only on 8192², GPU vs CPU labels and AP on the bundled nuclei
# images, and the time of a `batch --device gpu` over them. Copy its output into BENCHMARKS.md.
# Usage (from the repository root): src/test/scripts/gpu-check.sh [extra Maven flags, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/../../.."
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi not found"
mvn -B -q -Pgpu -DskipTests "$@" package dependency:build-classpath -Dmdep.outputFile=target/cp-gpu.txt
cp="target/test-classes:target/classes:$(cat target/cp-gpu.txt)"
java -Xmx16g -cp "$cp" io.github.fijiunet.bench.GpuCheck models/nuclei-unet test-images/nuclei/images test-images/nuclei/masks
out="$(mktemp -d)"
start=$(date +%s.%N)
src/main/scripts/fiji-unet batch --model nuclei-unet --device gpu --input test-images/nuclei/images --output "$out/gpu" | tail -2
end=$(date +%s.%N)
echo "gpu  batch --device gpu on test-images/nuclei: $(echo "$end - $start" | bc) s (JVM start and model load included)"
src/main/scripts/fiji-unet evaluate --pred "$out/gpu" --truth test-images/nuclei/masks
rm -rf "$out"
