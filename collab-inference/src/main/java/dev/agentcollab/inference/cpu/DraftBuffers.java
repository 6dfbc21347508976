package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.sampling.Sampler;

/** Activations of one draft step; the recorded plan allocates one set, the eager path one per call. */
final class DraftBuffers {
    final float[] in;
    final float[] x;
    final float[] xn;
    final float[] q;
    final float[] attn;
    final float[] o;
    final float[] gate;
    final float[] up;
    final float[] hNorm;
    final float[] hiddenOut;
    final float[] centroidLogits;
    final int[] topCentroids;
    final float[] logits;
    final float[] scores;
    final Sampler sampler;
    /** The token chosen at the previous step (input of the next). */
    int token;

    DraftBuffers(DrafterConfig dc, int maxSeq) {
        var t = dc.text();
        int hdMax = Math.max(t.headDim(), t.globalHeadDim());
        in = new float[2 * dc.backboneHiddenSize()];
        x = new float[t.hiddenSize()];
        xn = new float[t.hiddenSize()];
        q = new float[t.numHeads() * hdMax];
        attn = new float[t.numHeads() * hdMax];
        o = new float[t.hiddenSize()];
        gate = new float[t.intermediateSize()];
        up = new float[t.intermediateSize()];
        hNorm = new float[t.hiddenSize()];
        hiddenOut = new float[dc.backboneHiddenSize()];
        centroidLogits = new float[dc.useOrderedEmbeddings() ? dc.numCentroids() : 0];
        topCentroids = new int[dc.useOrderedEmbeddings() ? dc.centroidTopK() : 0];
        logits = new float[t.vocabSize()];
        scores = new float[t.numHeads() * maxSeq];
        sampler = new Sampler(t.vocabSize());
    }
}
