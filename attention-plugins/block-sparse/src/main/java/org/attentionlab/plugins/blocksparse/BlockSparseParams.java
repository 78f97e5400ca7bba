package org.attentionlab.plugins.blocksparse;

import org.attentionlab.core.plugin.InvalidParamsException;

/**
 * @param blockSize    tokens per block (the last block of a sequence may be shorter)
 * @param windowBlocks blocks around the query's own block, itself included; odd, so the window is centred
 * @param globalBlocks the first g blocks attend to every block and every block attends to them
 * @param randomBlocks extra blocks per query block, drawn among those not covered yet
 * @param seed         seed of the random blocks
 */
public record BlockSparseParams(int blockSize, int windowBlocks, int globalBlocks, int randomBlocks, int seed) {

    public BlockSparseParams {
        if (windowBlocks % 2 == 0) {
            // ParamSpec can say ">= 1" but not "odd"; same message shape as ParameterSchema's.
            throw new InvalidParamsException("parameter 'windowBlocks' of " + BlockSparseFactory.NAME
                    + " must be an odd integer >= 1, got " + windowBlocks);
        }
    }
}
