/**
 * Gemma-4-style decoding with an MTP drafter and speculative decoding on the CPU (optionally with the incubating
 * Vector API) and on CUDA (JCuda, optional), and the benchmark harness. Backends are found with
 * {@link java.util.ServiceLoader} ({@link dev.agentcollab.inference.spi.InferenceBackendProvider}).
 */
module dev.agentcollab.inference {
    requires transitive dev.agentcollab.api;
    requires transitive dev.agentcollab.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires transitive info.picocli;
    requires org.slf4j;
    requires java.desktop;
    requires java.management;
    requires static jdk.incubator.vector;
    requires static jcuda;

    exports dev.agentcollab.inference;
    exports dev.agentcollab.inference.bench;
    exports dev.agentcollab.inference.cli;
    exports dev.agentcollab.inference.cpu;
    exports dev.agentcollab.inference.cuda;
    exports dev.agentcollab.inference.distill;
    exports dev.agentcollab.inference.harness;
    exports dev.agentcollab.inference.kv;
    exports dev.agentcollab.inference.model;
    exports dev.agentcollab.inference.pair;
    exports dev.agentcollab.inference.safetensors;
    exports dev.agentcollab.inference.sampling;
    exports dev.agentcollab.inference.spec;
    exports dev.agentcollab.inference.spi;
    exports dev.agentcollab.inference.tokenizer;

    opens dev.agentcollab.inference to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.bench to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.inference.cli to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.cpu to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.cuda to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.distill to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.inference.harness to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.inference.model to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.pair to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.safetensors to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.sampling to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.spec to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.spi to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.inference.tokenizer to
            com.fasterxml.jackson.databind;

    uses dev.agentcollab.inference.spi.InferenceBackendProvider;

    provides dev.agentcollab.inference.spi.InferenceBackendProvider with
            dev.agentcollab.inference.cpu.CpuBackendProvider,
            dev.agentcollab.inference.cuda.CudaBackendProvider;
}
