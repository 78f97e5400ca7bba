/**
 * Benchmarks run by hand (see benchmarks/README.md): JMH micro-benchmarks of the kernels, and reports that
 * run Java and ONNX Runtime alternately on the same data so both see the same machine load (GEMM, the
 * whole encoder with a per-stage breakdown, full attention's materialized and tiled forms). For developers
 * tuning the kernels; {@code mvn verify} only compiles them.
 */
package org.attentionlab.benchmarks;
