package org.attentionlab.cluster;

import org.attentionlab.runners.results.Gate;

/**
 * The gate as an executor ran it, or why it could not (a missing file on that host).
 *
 * @param gate  the gate's checks; null when it could not run
 * @param error one line saying why it could not run; null when it ran
 */
record GateAnswer(Gate gate, String error) {
}
