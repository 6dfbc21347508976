// fakecuda entry points: initialization, devices, contexts and memory (see driver_core.cpp).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "driver.h"

using namespace fake;

// ---- initialization and devices ----

API CUresult cuInit(unsigned int flags) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (flags != 0) {
        return fail(INVALID_VALUE, "cuInit flags must be 0");
    }
    initialized = true;
    emu::set_address_describer(describe_address);
    return OK;
}

API CUresult cuDriverGetVersion(int* version) {
    if (version == nullptr) {
        return INVALID_VALUE;
    }
    *version = 12060;
    return OK;
}

API CUresult cuDeviceGetCount(int* count) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(false); r != OK) {
        return r;
    }
    *count = 1;
    return OK;
}

API CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(false); r != OK) {
        return r;
    }
    if (ordinal != 0) {
        return fail(INVALID_DEVICE, "fakecuda has one device, ordinal 0");
    }
    *device = 0;
    return OK;
}

API CUresult cuDeviceGetName(char* name, int len, CUdevice device) {
    if (device != 0 || name == nullptr || len <= 0) {
        return INVALID_VALUE;
    }
    snprintf(name, (size_t) len, "fakecuda host emulation (not a GPU)");
    return OK;
}

API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device) {
    if (device != 0 || value == nullptr) {
        return INVALID_VALUE;
    }
    switch (attribute) {
        case 1: *value = 1024; return OK;    // max threads per block
        case 8: *value = 49152; return OK;   // max shared memory per block
        case 10: *value = 32; return OK;     // warp size
        case 16: *value = 1; return OK;      // multiprocessors
        case 75: *value = 8; return OK;      // compute capability major
        case 76: *value = 0; return OK;      // compute capability minor
        default: return fail(INVALID_VALUE, "attribute " + std::to_string(attribute) + " is not emulated");
    }
}

API CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device) {
    if (device != 0 || bytes == nullptr) {
        return INVALID_VALUE;
    }
    *bytes = (size_t) 8 << 30;
    return OK;
}

// ---- contexts ----

API CUresult cuCtxCreate_v2(void** ctx, unsigned int, CUdevice device) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(false); r != OK) {
        return r;
    }
    if (device != 0) {
        return fail(INVALID_DEVICE, "fakecuda has one device, ordinal 0");
    }
    current_ctx = new Context{device, OK};
    *ctx = current_ctx;
    return OK;
}

API CUresult cuCtxSetCurrent(void* ctx) {
    current_ctx = static_cast<Context*>(ctx);
    return OK;
}

API CUresult cuCtxDestroy_v2(void* ctx) {
    std::lock_guard<std::recursive_mutex> g(lock);
    flush_all();
    for (Stream* s : streams) {
        if (s->ctx == ctx) {
            s->ctx = nullptr;
        }
    }
    if (current_ctx == ctx) {
        current_ctx = nullptr;
    }
    delete static_cast<Context*>(ctx);
    return OK;
}

API CUresult cuCtxSynchronize() {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (CUresult r = refuse_during_capture("cuCtxSynchronize"); r != OK) {
        return r;
    }
    return flush_all();
}

// ---- memory ----

API CUresult cuMemAlloc_v2(CUdeviceptr* dptr, size_t bytes) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (CUresult r = refuse_during_capture("cuMemAlloc"); r != OK) {
        return r;
    }
    if (bytes == 0) {
        return fail(INVALID_VALUE, "cuMemAlloc of 0 bytes");
    }
    const size_t page = (size_t) sysconf(_SC_PAGESIZE);
    const size_t body = (bytes + 255) / 256 * 256 + kCanary;
    const size_t mapped = page + (body + page - 1) / page * page + page;
    void* mem = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        return fail(OUT_OF_MEMORY, "cannot map " + std::to_string(bytes) + " bytes");
    }
    char* base = static_cast<char*>(mem);
    mprotect(base, page, PROT_NONE);
    mprotect(base + mapped - page, page, PROT_NONE);
    char* end = base + mapped - page;
    char* data = end - kCanary - (bytes + 255) / 256 * 256;
    memset(base + page, kCanaryByte, (size_t) (end - base - page));
    memset(data, 0x5A, bytes);  // cuMemAlloc does not zero: make reads of unwritten memory visible
    allocations.push_back(Allocation{base, mapped, data, bytes});
    *dptr = reinterpret_cast<CUdeviceptr>(data);
    return OK;
}

API CUresult cuMemFree_v2(CUdeviceptr dptr) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    flush_all();  // cuMemFree synchronizes the device
    for (size_t i = 0; i < allocations.size(); i++) {
        if (reinterpret_cast<CUdeviceptr>(allocations[i].data) == dptr) {
            if (!canaries_intact(allocations[i])) {
                fail_sticky(current_ctx, ILLEGAL_ADDRESS, "a write went past the bounds of a device allocation");
            }
            munmap(allocations[i].base, allocations[i].mapped);
            allocations.erase(allocations.begin() + (long) i);
            return sticky_error();
        }
    }
    return fail(INVALID_VALUE, "cuMemFree of an address that is not a live allocation");
}

API CUresult cuMemAllocHost_v2(void** pp, size_t bytes) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (CUresult r = refuse_during_capture("cuMemAllocHost"); r != OK) {
        return r;
    }
    void* p = calloc(1, bytes == 0 ? 1 : bytes);
    if (p == nullptr) {
        return fail(OUT_OF_MEMORY, "pinned allocation failed");
    }
    pinned[static_cast<char*>(p)] = bytes;
    *pp = p;
    return OK;
}

API CUresult cuMemFreeHost(void* p) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    flush_all();
    if (pinned.erase(static_cast<char*>(p)) == 0) {
        return fail(INVALID_VALUE, "cuMemFreeHost of memory not from cuMemAllocHost");
    }
    free(p);
    return sticky_error();
}

static CUresult copy(void* dst, const void* src, size_t bytes, void* stream, bool async, bool to_device) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    const void* device_side = to_device ? dst : src;
    const void* host_side = to_device ? src : dst;
    if (find_allocation(device_side, bytes) == nullptr) {
        return fail(INVALID_VALUE, std::string(to_device ? "host-to-device" : "device-to-host") + " copy of "
                + std::to_string(bytes) + " bytes outside any device allocation");
    }
    Op op;
    op.kind = OpKind::Copy;
    op.dst = dst;
    op.src = src;
    op.bytes = bytes;
    if (!async) {
        if (CUresult r = refuse_during_capture("a synchronous copy"); r != OK) {
            return r;
        }
        execute(op, current_ctx);  // legacy stream: does not wait for work queued on non-blocking streams
        return sticky_error();
    }
    Stream* s = stream_of(stream);
    if (s != nullptr && s->capturing && !in_pinned(host_side)) {
        s->invalidated = true;
        return fail(CAPTURE_UNSUPPORTED, "captured async copy with pageable host memory");
    }
    return submit(stream, std::move(op));
}

API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t bytes) {
    return copy(reinterpret_cast<void*>(dst), src, bytes, nullptr, false, true);
}

API CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t bytes) {
    return copy(dst, reinterpret_cast<void*>(src), bytes, nullptr, false, false);
}

API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, void* stream) {
    return copy(reinterpret_cast<void*>(dst), src, bytes, stream, true, true);
}

API CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t bytes, void* stream) {
    return copy(dst, reinterpret_cast<void*>(src), bytes, stream, true, false);
}

API CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char value, size_t n, void* stream) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (find_allocation(reinterpret_cast<void*>(dst), n) == nullptr) {
        return fail(INVALID_VALUE, "memset outside any device allocation");
    }
    Op op;
    op.kind = OpKind::Set;
    op.dst = reinterpret_cast<void*>(dst);
    op.bytes = n;
    op.value = value;
    return submit(stream, std::move(op));
}
