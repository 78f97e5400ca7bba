/**
 * Stage 1, plan: from the resolved config alone, the cells of a run in run order, the baseline every cost is
 * divided by and the context size the scaling fit starts from ({@link org.attentionlab.runners.plan.RunPlan}),
 * and the unit of work an executor runs, a cell or a chunk of its documents ({@link
 * org.attentionlab.runners.plan.CellTask}). Imports no later stage.
 */
package org.attentionlab.runners.plan;
