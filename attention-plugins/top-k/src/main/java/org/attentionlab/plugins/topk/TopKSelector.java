package org.attentionlab.plugins.topk;

/**
 * Keeps the k best keys of one score row in a bounded min-heap of key indices (the worst kept key at the root).
 * "Better" is a higher score, or an equal score and a lower key index: a total order, so the kept set is the same
 * whatever order keys are offered in, and ties are broken deterministically. Once full, a key that does not beat the
 * root costs one comparison (the usual case); one that does costs O(log k).
 */
final class TopKSelector {

    private int[] heap = new int[0];
    private int capacity;
    private int size;
    private float[] scores;

    /** Starts a new row: keep at most {@code capacity} keys whose scores live in {@code scores}. */
    void reset(float[] scores, int capacity) {
        if (heap.length < capacity) {
            heap = new int[capacity];
        }
        this.scores = scores;
        this.capacity = capacity;
        this.size = 0;
    }

    /** Offers key {@code j}, whose score is {@code scores[j]}. */
    void offer(int j) {
        if (size < capacity) {
            int at = size++;
            while (at > 0) { // sift up past better parents
                int parent = (at - 1) >>> 1;
                if (!worse(j, heap[parent])) {
                    break;
                }
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = j;
            return;
        }
        if (!worse(heap[0], j)) {
            return;
        }
        int at = 0;
        while (true) { // sift j down from the root
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(heap[child + 1], heap[child])) {
                child++;
            }
            if (!worse(heap[child], j)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = j;
    }

    int size() {
        return size;
    }

    /** The kept key at heap slot {@code slot < size()} (heap order, not sorted). */
    int key(int slot) {
        return heap[slot];
    }

    /** The kept keys in slots {@code [0, size())}, heap order (shared; valid until the next reset or offer). */
    int[] keys() {
        return heap;
    }

    int heapCapacityAllocated() {
        return heap.length;
    }

    private boolean worse(int a, int b) {
        float sa = scores[a];
        float sb = scores[b];
        return sa < sb || (sa == sb && a > b);
    }
}
