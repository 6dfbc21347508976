package dev.agentcollab.inference.cpu;

import static dev.agentcollab.inference.cpu.VectorBlocks.LEN;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT1;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT2;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT3;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT4;
import static dev.agentcollab.inference.cpu.VectorBlocks.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorStreamBf16#bf16x4x5} narrowed to exactly 2, 3 or 4 activation rows: the same four bf16 weight rows
 * ({@link Bf16Pairs} layout, one from each stripe of a run) on one pass, with one accumulator per output and no
 * repeated activation rows, so a pass over fewer than 5 activation rows does only their multiply-adds (a bf16 pass is
 * bound by its arithmetic long before an f32 one: two multiply-adds per 64-byte line and activation row). {@link
 * VectorKernels} picks the block whose width is the number of activation rows left. For vectors of
 * {@link Bf16Pairs#HALF} lanes (AVX-512) only, as {@link VectorStreamBf16}.
 *
 * <p>Every output has {@link VectorKernels#dotBf16}'s structure (one accumulator over the groups in order, a group's
 * first half before its second, the whole vectors after the last group in plain order, the fixed-order lane sum, the
 * scalar tail in order), so every result is bit-identical to the one-row kernel. Written with the Vector API's own
 * calls, for the reason {@link VectorStreamBf16} gives.
 *
 * <p>Measured with {@code KernelProbe} (one thread, runs of 256 rows of 768 values, 101 MB streamed, CPU time, best
 * of 8), the 4x5 block with repeated rows against these, in turn twice: 2 activation rows 5.7-6.7 against 3.6-4.2 ms
 * (1.5-1.7 against 1.0 times one row), 3 rows 6.8-7.3 against 5.1-5.7, 4 rows 7.1-7.8 against 6.8-7.1, 8 rows
 * (5 + 3) 12.8-13.5 against 10.7-11.2.
 */
final class VectorStreamBf16Narrow {
    private static final VectorSpecies<Short> SS = VectorBlocks.SS;
    private static final VectorSpecies<Integer> IS = VectorBlocks.IS;
    private static final VectorSpecies<Short> PAIRS = VectorBlocks.PAIRS;

    private VectorStreamBf16Narrow() {}

    /**
     * 4 bf16 weight rows ({@link Bf16Pairs} layout, {@code ws} values apart) by exactly 2 activation rows
     * ({@code xs} apart) on one pass over the weights, for vectors of {@link Bf16Pairs#HALF} lanes only: 8
     * accumulators, each pair vector loaded once and both of its halves multiplied into every activation row. Weight
     * row {@code r}'s result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void bf16x4x2(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            IntVector p0 = ShortVector.fromArray(PAIRS, w, w0 + g).reinterpretAsInts();
            IntVector p1 = ShortVector.fromArray(PAIRS, w, w1 + g).reinterpretAsInts();
            IntVector p2 = ShortVector.fromArray(PAIRS, w, w2 + g).reinterpretAsInts();
            IntVector p3 = ShortVector.fromArray(PAIRS, w, w3 + g).reinterpretAsInts();
            FloatVector u0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + g);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector v0 = p0.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v1 = p1.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v2 = p2.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v3 = p3.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
            a00 = v0.fma(h0, a00);
            a10 = v1.fma(h0, a10);
            a20 = v2.fma(h0, a20);
            a30 = v3.fma(h0, a30);
            FloatVector h1 = FloatVector.fromArray(S, x, x1 + g + Bf16Pairs.HALF);
            a01 = v0.fma(h1, a01);
            a11 = v1.fma(h1, a11);
            a21 = v2.fma(h1, a21);
            a31 = v3.fma(h1, a31);
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = ((IntVector) ShortVector.fromArray(SS, w, w0 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u1 = ((IntVector) ShortVector.fromArray(SS, w, w1 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u2 = ((IntVector) ShortVector.fromArray(SS, w, w2 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u3 = ((IntVector) ShortVector.fromArray(SS, w, w3 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float p2 = Float.intBitsToFloat(w[w2 + t] << 16);
            float p3 = Float.intBitsToFloat(w[w3 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
    }

    /**
     * 4 bf16 weight rows ({@link Bf16Pairs} layout, {@code ws} values apart) by exactly 3 activation rows
     * ({@code xs} apart) on one pass over the weights, for vectors of {@link Bf16Pairs#HALF} lanes only: 12
     * accumulators, each pair vector loaded once and both of its halves multiplied into every activation row. Weight
     * row {@code r}'s result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void bf16x4x3(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a22 = a00;
        FloatVector a32 = a00;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            IntVector p0 = ShortVector.fromArray(PAIRS, w, w0 + g).reinterpretAsInts();
            IntVector p1 = ShortVector.fromArray(PAIRS, w, w1 + g).reinterpretAsInts();
            IntVector p2 = ShortVector.fromArray(PAIRS, w, w2 + g).reinterpretAsInts();
            IntVector p3 = ShortVector.fromArray(PAIRS, w, w3 + g).reinterpretAsInts();
            FloatVector u0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + g);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + g);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
            FloatVector v0 = p0.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v1 = p1.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v2 = p2.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v3 = p3.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
            a00 = v0.fma(h0, a00);
            a10 = v1.fma(h0, a10);
            a20 = v2.fma(h0, a20);
            a30 = v3.fma(h0, a30);
            FloatVector h1 = FloatVector.fromArray(S, x, x1 + g + Bf16Pairs.HALF);
            a01 = v0.fma(h1, a01);
            a11 = v1.fma(h1, a11);
            a21 = v2.fma(h1, a21);
            a31 = v3.fma(h1, a31);
            FloatVector h2 = FloatVector.fromArray(S, x, x2 + g + Bf16Pairs.HALF);
            a02 = v0.fma(h2, a02);
            a12 = v1.fma(h2, a12);
            a22 = v2.fma(h2, a22);
            a32 = v3.fma(h2, a32);
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = ((IntVector) ShortVector.fromArray(SS, w, w0 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u1 = ((IntVector) ShortVector.fromArray(SS, w, w1 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u2 = ((IntVector) ShortVector.fromArray(SS, w, w2 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u3 = ((IntVector) ShortVector.fromArray(SS, w, w3 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        a02 = a02.add(a02.rearrange(ROT1));
        a12 = a12.add(a12.rearrange(ROT1));
        a22 = a22.add(a22.rearrange(ROT1));
        a32 = a32.add(a32.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
            a02 = a02.add(a02.rearrange(ROT2));
            a12 = a12.add(a12.rearrange(ROT2));
            a22 = a22.add(a22.rearrange(ROT2));
            a32 = a32.add(a32.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
            a02 = a02.add(a02.rearrange(ROT3));
            a12 = a12.add(a12.rearrange(ROT3));
            a22 = a22.add(a22.rearrange(ROT3));
            a32 = a32.add(a32.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
            a02 = a02.add(a02.rearrange(ROT4));
            a12 = a12.add(a12.rearrange(ROT4));
            a22 = a22.add(a22.rearrange(ROT4));
            a32 = a32.add(a32.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        float s02 = a02.lane(0);
        float s12 = a12.lane(0);
        float s22 = a22.lane(0);
        float s32 = a32.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float p2 = Float.intBitsToFloat(w[w2 + t] << 16);
            float p3 = Float.intBitsToFloat(w[w3 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
            float y2 = x[x2 + t];
            s02 += p0 * y2;
            s12 += p1 * y2;
            s22 += p2 * y2;
            s32 += p3 * y2;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
        out[o + 2 * os] = s02;
        out[o + 2 * os + orow] = s12;
        out[o + 2 * os + 2 * orow] = s22;
        out[o + 2 * os + 3 * orow] = s32;
    }

    /**
     * 4 bf16 weight rows ({@link Bf16Pairs} layout, {@code ws} values apart) by exactly 4 activation rows
     * ({@code xs} apart) on one pass over the weights, for vectors of {@link Bf16Pairs#HALF} lanes only: 16
     * accumulators, each pair vector loaded once and both of its halves multiplied into every activation row. Weight
     * row {@code r}'s result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void bf16x4x4(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a22 = a00;
        FloatVector a32 = a00;
        FloatVector a03 = a00;
        FloatVector a13 = a00;
        FloatVector a23 = a00;
        FloatVector a33 = a00;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            IntVector p0 = ShortVector.fromArray(PAIRS, w, w0 + g).reinterpretAsInts();
            IntVector p1 = ShortVector.fromArray(PAIRS, w, w1 + g).reinterpretAsInts();
            IntVector p2 = ShortVector.fromArray(PAIRS, w, w2 + g).reinterpretAsInts();
            IntVector p3 = ShortVector.fromArray(PAIRS, w, w3 + g).reinterpretAsInts();
            FloatVector u0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + g);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + g);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + g);
            a03 = u0.fma(t3, a03);
            a13 = u1.fma(t3, a13);
            a23 = u2.fma(t3, a23);
            a33 = u3.fma(t3, a33);
            FloatVector v0 = p0.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v1 = p1.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v2 = p2.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector v3 = p3.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
            FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
            a00 = v0.fma(h0, a00);
            a10 = v1.fma(h0, a10);
            a20 = v2.fma(h0, a20);
            a30 = v3.fma(h0, a30);
            FloatVector h1 = FloatVector.fromArray(S, x, x1 + g + Bf16Pairs.HALF);
            a01 = v0.fma(h1, a01);
            a11 = v1.fma(h1, a11);
            a21 = v2.fma(h1, a21);
            a31 = v3.fma(h1, a31);
            FloatVector h2 = FloatVector.fromArray(S, x, x2 + g + Bf16Pairs.HALF);
            a02 = v0.fma(h2, a02);
            a12 = v1.fma(h2, a12);
            a22 = v2.fma(h2, a22);
            a32 = v3.fma(h2, a32);
            FloatVector h3 = FloatVector.fromArray(S, x, x3 + g + Bf16Pairs.HALF);
            a03 = v0.fma(h3, a03);
            a13 = v1.fma(h3, a13);
            a23 = v2.fma(h3, a23);
            a33 = v3.fma(h3, a33);
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = ((IntVector) ShortVector.fromArray(SS, w, w0 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u1 = ((IntVector) ShortVector.fromArray(SS, w, w1 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u2 = ((IntVector) ShortVector.fromArray(SS, w, w2 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector u3 = ((IntVector) ShortVector.fromArray(SS, w, w3 + i).convertShape(VectorOperators.S2I, IS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a03 = u0.fma(t3, a03);
            a13 = u1.fma(t3, a13);
            a23 = u2.fma(t3, a23);
            a33 = u3.fma(t3, a33);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        a02 = a02.add(a02.rearrange(ROT1));
        a12 = a12.add(a12.rearrange(ROT1));
        a22 = a22.add(a22.rearrange(ROT1));
        a32 = a32.add(a32.rearrange(ROT1));
        a03 = a03.add(a03.rearrange(ROT1));
        a13 = a13.add(a13.rearrange(ROT1));
        a23 = a23.add(a23.rearrange(ROT1));
        a33 = a33.add(a33.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
            a02 = a02.add(a02.rearrange(ROT2));
            a12 = a12.add(a12.rearrange(ROT2));
            a22 = a22.add(a22.rearrange(ROT2));
            a32 = a32.add(a32.rearrange(ROT2));
            a03 = a03.add(a03.rearrange(ROT2));
            a13 = a13.add(a13.rearrange(ROT2));
            a23 = a23.add(a23.rearrange(ROT2));
            a33 = a33.add(a33.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
            a02 = a02.add(a02.rearrange(ROT3));
            a12 = a12.add(a12.rearrange(ROT3));
            a22 = a22.add(a22.rearrange(ROT3));
            a32 = a32.add(a32.rearrange(ROT3));
            a03 = a03.add(a03.rearrange(ROT3));
            a13 = a13.add(a13.rearrange(ROT3));
            a23 = a23.add(a23.rearrange(ROT3));
            a33 = a33.add(a33.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
            a02 = a02.add(a02.rearrange(ROT4));
            a12 = a12.add(a12.rearrange(ROT4));
            a22 = a22.add(a22.rearrange(ROT4));
            a32 = a32.add(a32.rearrange(ROT4));
            a03 = a03.add(a03.rearrange(ROT4));
            a13 = a13.add(a13.rearrange(ROT4));
            a23 = a23.add(a23.rearrange(ROT4));
            a33 = a33.add(a33.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        float s02 = a02.lane(0);
        float s12 = a12.lane(0);
        float s22 = a22.lane(0);
        float s32 = a32.lane(0);
        float s03 = a03.lane(0);
        float s13 = a13.lane(0);
        float s23 = a23.lane(0);
        float s33 = a33.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float p2 = Float.intBitsToFloat(w[w2 + t] << 16);
            float p3 = Float.intBitsToFloat(w[w3 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
            float y2 = x[x2 + t];
            s02 += p0 * y2;
            s12 += p1 * y2;
            s22 += p2 * y2;
            s32 += p3 * y2;
            float y3 = x[x3 + t];
            s03 += p0 * y3;
            s13 += p1 * y3;
            s23 += p2 * y3;
            s33 += p3 * y3;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
        out[o + 2 * os] = s02;
        out[o + 2 * os + orow] = s12;
        out[o + 2 * os + 2 * orow] = s22;
        out[o + 2 * os + 3 * orow] = s32;
        out[o + 3 * os] = s03;
        out[o + 3 * os + orow] = s13;
        out[o + 3 * os + 2 * orow] = s23;
        out[o + 3 * os + 3 * orow] = s33;
    }
}
