/**
 * Shared data below the stages: the peak-memory estimates of a cell ({@link org.attentionlab.runners.memory.CellMemory})
 * and the limits they are held against ({@link org.attentionlab.runners.memory.MemoryBudget}), used by validation, by
 * the workloads before each task and by the kernel workload's choice of reference, so that all three agree.
 */
package org.attentionlab.runners.memory;
