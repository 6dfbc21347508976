/**
 * The CUDA backend of collab-inference: hand-written kernels (shipped as PTX resources compiled from
 * {@code src/main/cuda/*.cu}) driven through jcuda's driver API, with the whole K-step draft loop captured as one CUDA
 * graph.
 *
 * <p>jcuda is an optional dependency. Nothing outside this package touches a jcuda type; {@link
 * dev.agentcollab.inference.cuda.CudaAvailability} probes the driver once, catching every {@link Throwable} a machine
 * without a driver or GPU raises, so the CPU backend is used instead. {@link dev.agentcollab.inference.cuda.CudaBackendProvider} registers the backend
 * with {@link dev.agentcollab.inference.InferenceBackends}, whose system property {@code collab.inference.backend}
 * ({@code cpu} or {@code cuda}) forces a choice.
 */
package dev.agentcollab.inference.cuda;
