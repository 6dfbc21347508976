// fakecuda: a stand-in for the NVIDIA driver library (libcuda.so.1) that runs the project's CUDA kernels on the
// host, so the Java CUDA backend (jcuda bindings, host code, graphs and kernels) can be exercised without a GPU.
//
// What it emulates, and how strictly:
// - memory: device allocations are host pages with canary bytes around them and a guard page behind; kernel pointer
//   arguments must point into a live device allocation, and canaries are checked after every kernel;
// - streams execute lazily: work is queued and runs only when the host synchronizes (stream/context sync, a free,
//   destroying a stream), the latest moment a GPU may run it. Reading async results before synchronizing, or
//   rewriting a pinned buffer before its copy ran, therefore shows up as wrong data;
// - stream capture records kernel and copy nodes (with the argument values at capture time) and refuses the calls
//   CUDA refuses while a capture is open on the calling thread; graph launches replay the nodes in order;
// - modules: the PTX's .entry list and each entry's parameter types must match the host-compiled kernels;
// - the current context is per thread, as in CUDA.
// Kernel faults (deadlock, shuffle misuse, misaligned or out-of-bounds access caught by the sanitizer, canary
// damage, a guard-page hit) become a sticky CUDA_ERROR_LAUNCH_FAILED / CUDA_ERROR_ILLEGAL_ADDRESS on the context, and
// cuGetErrorString explains it.
// Nothing here measures speed: timings taken on fakecuda mean nothing.
//
// This file holds the driver's state, the lazy stream execution and the error bookkeeping; driver_api.cpp,
// driver_streams.cpp and driver_modules.cpp implement the entry points.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "driver.h"

namespace fake {

std::recursive_mutex lock;
bool initialized = false;
std::string detail;
std::vector<Allocation> allocations;
std::map<char*, size_t> pinned;
std::set<Stream*> streams;
thread_local Context* current_ctx = nullptr;

namespace {
int no_context_error = OK;

// The capture open on the calling thread, if any.
Stream* capture_on_this_thread() {
    for (Stream* s : streams) {
        if (s->capturing && s->capture_thread == std::this_thread::get_id()) {
            return s;
        }
    }
    return nullptr;
}
}  // namespace

int& sticky_error(Context* c) { return c != nullptr ? c->sticky : no_context_error; }

const char* name_of(int code) {
    switch (code) {
        case OK: return "CUDA_SUCCESS";
        case INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
        case OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
        case NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
        case INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
        case INVALID_IMAGE: return "CUDA_ERROR_INVALID_IMAGE";
        case INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
        case INVALID_PTX: return "CUDA_ERROR_INVALID_PTX";
        case INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
        case NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
        case ILLEGAL_ADDRESS: return "CUDA_ERROR_ILLEGAL_ADDRESS";
        case LAUNCH_OUT_OF_RESOURCES: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
        case LAUNCH_FAILED: return "CUDA_ERROR_LAUNCH_FAILED";
        case NOT_SUPPORTED: return "CUDA_ERROR_NOT_SUPPORTED";
        case CAPTURE_UNSUPPORTED: return "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED";
        case CAPTURE_INVALIDATED: return "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED";
        case CAPTURE_WRONG_THREAD: return "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD";
        default: return "CUDA_ERROR_UNKNOWN";
    }
}

// Records why a call failed (cuGetErrorString returns it) and echoes it to stderr.
CUresult fail(int code, const std::string& why) {
    detail = std::string(name_of(code)) + ": " + why;
    fprintf(stderr, "fakecuda: %s\n", detail.c_str());
    fflush(stderr);
    return code;
}

CUresult fail_sticky(Context* c, int code, const std::string& why) {
    if (sticky_error(c) == OK) {
        sticky_error(c) = code;
    }
    return fail(code, why);
}

const Allocation* find_allocation(const void* p, size_t bytes) {
    const char* c = static_cast<const char*>(p);
    for (const Allocation& a : allocations) {
        if (c >= a.data && c < a.data + a.size) {
            return (size_t) (a.data + a.size - c) >= bytes ? &a : nullptr;
        }
    }
    return nullptr;
}

bool in_pinned(const void* p) {
    // cuMemAllocHost blocks are exact allocations; an async copy may start anywhere inside one.
    const char* c = static_cast<const char*>(p);
    for (const auto& [block, size] : pinned) {
        if (c >= block && c < block + size) {
            return true;
        }
    }
    return false;
}

// Which device allocation's guard page an address lies in, for a kernel's SIGSEGV report.
std::string describe_address(const void* p) {
    const char* c = static_cast<const char*>(p);
    for (const Allocation& a : allocations) {
        if (c >= a.base && c < a.base + a.mapped) {
            const bool before = c < a.data;
            return ": " + std::to_string(before ? a.data - c : c - (a.data + a.size)) + " bytes "
                    + (before ? "before" : "past the end of") + " a device allocation of " + std::to_string(a.size)
                    + " bytes";
        }
    }
    return ": outside every device allocation";
}

bool canaries_intact(const Allocation& a) {
    for (const char* c = a.base + sysconf(_SC_PAGESIZE); c < a.data; c++) {
        if ((unsigned char) *c != kCanaryByte) {
            return false;
        }
    }
    for (const char* c = a.data + a.size; c < a.base + a.mapped - sysconf(_SC_PAGESIZE); c++) {
        if ((unsigned char) *c != kCanaryByte) {
            return false;
        }
    }
    return true;
}

// Runs one queued operation. Returns false (with the sticky error set) when it fails.
bool execute(const Op& op, Context* c) {
    switch (op.kind) {
        case OpKind::Kernel: {
            for (size_t i = 0; i < op.kernel->params.size(); i++) {
                if (op.kernel->params[i].kind != 'p') {
                    continue;
                }
                void* p;
                memcpy(&p, op.blob.data() + op.kernel->offsets[i], sizeof p);
                if (p != nullptr && find_allocation(p, 1) == nullptr) {
                    fail_sticky(c, ILLEGAL_ADDRESS, op.kernel->name + ": parameter " + std::to_string(i)
                            + " does not point into a live device allocation");
                    return false;
                }
            }
            std::string error;
            switch (emu::run_kernel(*op.kernel, op.blob.data(), op.grid, op.block, error)) {
                case emu::Outcome::Ok:
                    break;
                case emu::Outcome::IllegalAddress:
                    fail_sticky(c, ILLEGAL_ADDRESS, error);
                    return false;
                case emu::Outcome::Failed:
                    fail_sticky(c, LAUNCH_FAILED, error);
                    return false;
            }
            for (size_t i = 0; i < op.kernel->params.size(); i++) {
                if (op.kernel->params[i].kind != 'p') {
                    continue;
                }
                void* p;
                memcpy(&p, op.blob.data() + op.kernel->offsets[i], sizeof p);
                const Allocation* a = p == nullptr ? nullptr : find_allocation(p, 1);
                if (a != nullptr && !canaries_intact(*a)) {
                    fail_sticky(c, ILLEGAL_ADDRESS, op.kernel->name + ": wrote outside the allocation parameter "
                            + std::to_string(i) + " points into");
                    return false;
                }
            }
            return true;
        }
        case OpKind::Copy:
            memmove(op.dst, op.src, op.bytes);
            return true;
        case OpKind::Set:
            memset(op.dst, op.value, op.bytes);
            return true;
        case OpKind::Graph:
            for (const Op& node : *op.graph) {
                if (!execute(node, c)) {
                    return false;
                }
            }
            return true;
        case OpKind::Nop:
            return true;
    }
    return true;
}

CUresult flush(Stream* s) {
    while (sticky_error(s->ctx) == OK && !s->queue.empty()) {
        Op op = std::move(s->queue.front());
        s->queue.pop_front();
        execute(op, s->ctx);
    }
    s->queue.clear();  // work queued behind a fault never runs
    return sticky_error(s->ctx);
}

// Device-wide synchronization (every stream), reporting the calling thread's context.
CUresult flush_all() {
    for (Stream* s : streams) {
        flush(s);
    }
    return sticky_error();
}

// Common entry checks: the driver is initialized and, for context calls, a context is current and not poisoned.
CUresult enter(bool needs_context) {
    if (!initialized) {
        return fail(NOT_INITIALIZED, "cuInit has not been called");
    }
    if (!needs_context) {
        return OK;
    }
    if (current_ctx == nullptr) {
        return fail(INVALID_CONTEXT, "no context is current on this thread");
    }
    return sticky_error();
}

// A call that CUDA forbids while this thread captures (synchronous copies, allocation, synchronization).
CUresult refuse_during_capture(const char* call) {
    Stream* s = capture_on_this_thread();
    if (s == nullptr) {
        return OK;
    }
    s->invalidated = true;
    return fail(CAPTURE_UNSUPPORTED, std::string(call) + " while a stream capture is open on this thread");
}

Stream* stream_of(void* handle) { return static_cast<Stream*>(handle); }

// Queues an op on a stream, or records it when the stream is being captured; legacy-stream ops run at once.
CUresult submit(void* handle, Op op) {
    Stream* s = stream_of(handle);
    if (s == nullptr) {
        if (CUresult r = refuse_during_capture("work on the legacy stream"); r != OK) {
            return r;
        }
        execute(op, current_ctx);
        return sticky_error();
    }
    if (streams.count(s) == 0) {
        return fail(INVALID_HANDLE, "unknown stream");
    }
    if (s->capturing) {
        if (s->capture_thread != std::this_thread::get_id()) {
            return fail(CAPTURE_WRONG_THREAD, "capture was begun on another thread");
        }
        s->capture->nodes.push_back(std::move(op));
        return OK;
    }
    s->queue.push_back(std::move(op));
    return OK;
}

}  // namespace fake
