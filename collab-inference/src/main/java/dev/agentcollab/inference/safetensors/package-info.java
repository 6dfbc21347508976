/** Reading (memory-mapped) and writing safetensors files with F32, F16, BF16, I32 and I64 tensors. */
package dev.agentcollab.inference.safetensors;
