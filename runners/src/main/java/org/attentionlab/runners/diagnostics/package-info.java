/**
 * Per-layer diagnostics, a measurement used by the execute stage: the reference model's per-layer trace at one
 * context size ({@link org.attentionlab.runners.diagnostics.LayerDiagnostics}) and each variant's drift, full
 * attention's entropy and a pattern's coverage against it, from dense attention maps formed off the timed path.
 */
package org.attentionlab.runners.diagnostics;
