package org.attentionlab.cluster;

import org.attentionlab.runners.execute.ChunkResult;
import org.attentionlab.runners.results.TimedOn;

/**
 * What a timing task returns: the cell's cost (and diagnostics) and the executor that measured them.
 *
 * @param result  the cost-only chunk, or a failure
 * @param timedOn the executor's host and environment
 */
record TimedChunk(ChunkResult result, TimedOn timedOn) {
}
