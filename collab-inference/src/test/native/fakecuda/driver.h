// fakecuda's driver side: shared state and helpers of the driver API files (driver_*.cpp). See driver_core.cpp.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "emu_runtime.h"

#define API extern "C" __attribute__((visibility("default")))

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

enum : int {
    OK = 0,
    INVALID_VALUE = 1,
    OUT_OF_MEMORY = 2,
    NOT_INITIALIZED = 3,
    INVALID_DEVICE = 101,
    INVALID_IMAGE = 200,
    INVALID_CONTEXT = 201,
    INVALID_PTX = 218,
    INVALID_HANDLE = 400,
    NOT_FOUND = 500,
    ILLEGAL_ADDRESS = 700,
    LAUNCH_OUT_OF_RESOURCES = 701,
    LAUNCH_FAILED = 719,
    NOT_SUPPORTED = 801,
    CAPTURE_UNSUPPORTED = 900,
    CAPTURE_INVALIDATED = 901,
    CAPTURE_WRONG_THREAD = 908,
};

namespace fake {

struct Context {
    int device;
    int sticky;  // a kernel fault poisons its context, as on a GPU; other contexts keep working
};

struct Allocation {
    char* base;     // start of the mapping
    size_t mapped;  // mapping size
    char* data;     // what the caller gets (256-byte aligned)
    size_t size;
};

enum class OpKind { Kernel, Copy, Set, Graph, Nop };

struct Exec;

struct Op {
    OpKind kind;
    const emu::Kernel* kernel = nullptr;
    unsigned grid[3] = {1, 1, 1};
    unsigned block[3] = {1, 1, 1};
    std::vector<char> blob;
    void* dst = nullptr;
    const void* src = nullptr;
    size_t bytes = 0;
    unsigned char value = 0;
    std::shared_ptr<std::vector<Op>> graph;
};

struct Graph {
    std::vector<Op> nodes;
};

struct Exec {
    std::shared_ptr<std::vector<Op>> nodes;
};

struct Stream {
    Context* ctx = nullptr;  // where a failure of its work is recorded
    std::deque<Op> queue;
    bool capturing = false;
    bool invalidated = false;
    std::thread::id capture_thread;
    Graph* capture = nullptr;
};

struct Module {
    std::set<std::string> entries;
};

struct Function {
    const emu::Kernel* kernel;
};

extern std::recursive_mutex lock;
extern bool initialized;
extern std::string detail;                   // why the last call failed (cuGetErrorString returns it)
extern std::vector<Allocation> allocations;  // live device allocations
extern std::map<char*, size_t> pinned;       // live cuMemAllocHost blocks and their sizes
extern std::set<Stream*> streams;
extern thread_local Context* current_ctx;

constexpr size_t kCanary = 256;
constexpr unsigned char kCanaryByte = 0xCD;

// The sticky error of a context (of the calling thread's one by default).
int& sticky_error(Context* c = current_ctx);
const char* name_of(int code);
// Records why a call failed and echoes it to stderr.
CUresult fail(int code, const std::string& why);
CUresult fail_sticky(Context* c, int code, const std::string& why);
const Allocation* find_allocation(const void* p, size_t bytes);
bool in_pinned(const void* p);
std::string describe_address(const void* p);
bool canaries_intact(const Allocation& a);
// Runs one queued operation. Returns false (with the context's sticky error set) when it fails.
bool execute(const Op& op, Context* c);
CUresult flush(Stream* s);
// Device-wide synchronization (every stream), reporting the calling thread's context.
CUresult flush_all();
// Entry checks: the driver is initialized and, for context calls, a context is current and not poisoned.
CUresult enter(bool needs_context = true);
// A call that CUDA forbids while this thread captures (synchronous copies, allocation, synchronization).
CUresult refuse_during_capture(const char* call);
Stream* stream_of(void* handle);
// Queues an op on a stream, or records it when the stream is being captured; legacy-stream ops run at once.
CUresult submit(void* handle, Op op);

}  // namespace fake
