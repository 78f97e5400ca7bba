/**
 * The {@code spark} execution engine: an experiment's accuracy and timing tasks on Apache Spark executors
 * (embedded {@code local[*]} or a cluster), found by runners through {@link java.util.ServiceLoader}.
 */
package org.attentionlab.cluster;
