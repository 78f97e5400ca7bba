/**
 * Beside the report stage: compares a finished run with a stored baseline, cell by cell, against tolerances
 * ({@code attnlab compare}). Reads results only.
 */
package org.attentionlab.runners.compare;
