// fakecuda entry points: PTX modules, kernel launches and error strings (see driver_core.cpp).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "driver.h"

using namespace fake;

namespace {

// Parses ".entry NAME( .param .TYPE NAME_param_i, ... )" lists out of a PTX module.
bool parse_ptx(const char* ptx, std::vector<std::pair<std::string, std::vector<std::string>>>& entries,
        std::string& error) {
    std::string text(ptx);
    if (text.find(".version") == std::string::npos || text.find(".target") == std::string::npos) {
        error = "the image is not PTX text";
        return false;
    }
    size_t at = 0;
    while ((at = text.find(".entry ", at)) != std::string::npos) {
        at += 7;
        size_t open = text.find('(', at);
        size_t close = text.find(')', open);
        if (open == std::string::npos || close == std::string::npos) {
            error = "malformed .entry";
            return false;
        }
        std::string name = text.substr(at, open - at);
        name.erase(name.find_last_not_of(" \t\r\n") + 1);
        std::vector<std::string> types;
        size_t p = open;
        while ((p = text.find(".param", p)) != std::string::npos && p < close) {
            p += 6;
            size_t dot = text.find('.', p);
            size_t end = text.find_first_of(" \t", dot);
            types.push_back(text.substr(dot + 1, end - dot - 1));
        }
        entries.emplace_back(name, types);
        at = close;
    }
    return true;
}

bool param_matches(const emu::Param& p, const std::string& ptx_type) {
    const char cls = ptx_type.empty() ? '?' : ptx_type[0];
    const size_t bits = (size_t) atoi(ptx_type.c_str() + 1);
    if (bits != p.size * 8) {
        return false;
    }
    switch (p.kind) {
        case 'p': return cls == 'u' || cls == 'b' || cls == 's';
        case 'f': return cls == 'f' || cls == 'b';
        default: return cls == 'u' || cls == 's' || cls == 'b';
    }
}

}  // namespace

// ---- modules and launches ----

API CUresult cuModuleLoadData(void** module, const void* image) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (CUresult r = refuse_during_capture("cuModuleLoadData"); r != OK) {
        return r;
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> entries;
    std::string error;
    if (image == nullptr || !parse_ptx(static_cast<const char*>(image), entries, error)) {
        return fail(INVALID_IMAGE, error);
    }
    Module* m = new Module();
    for (const auto& [name, types] : entries) {
        auto it = emu::registry().find(name);
        if (it == emu::registry().end()) {
            delete m;
            return fail(INVALID_PTX, "PTX entry " + name + " has no host-compiled kernel (sources and PTX differ?)");
        }
        const std::vector<emu::Param>& params = it->second.params;
        bool same = params.size() == types.size();
        for (size_t i = 0; same && i < params.size(); i++) {
            same = param_matches(params[i], types[i]);
        }
        if (!same) {
            delete m;
            return fail(INVALID_PTX, "PTX entry " + name + " has other parameters than the .cu source");
        }
        m->entries.insert(name);
    }
    *module = m;
    return OK;
}

API CUresult cuModuleUnload(void* module) {
    std::lock_guard<std::recursive_mutex> g(lock);
    flush_all();
    delete static_cast<Module*>(module);
    return OK;
}

API CUresult cuModuleGetFunction(void** function, void* module, const char* name) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    Module* m = static_cast<Module*>(module);
    if (m == nullptr || name == nullptr || m->entries.count(name) == 0) {
        return fail(NOT_FOUND, std::string("no kernel named ") + (name ? name : "(null)") + " in the module");
    }
    // Functions live as long as the process; there are a few dozen.
    *function = new Function{&emu::registry().at(name)};
    return OK;
}

API CUresult cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
        unsigned bz, unsigned shared_bytes, void* stream, void** params, void** extra) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    const Function* f = static_cast<const Function*>(function);
    if (f == nullptr) {
        return fail(INVALID_HANDLE, "null function");
    }
    const emu::Kernel& k = *f->kernel;
    if (extra != nullptr || shared_bytes != 0) {
        return fail(NOT_SUPPORTED, k.name + ": extra launch options and dynamic shared memory are not emulated");
    }
    if (gx == 0 || gy == 0 || gz == 0 || gx > 2147483647u || gy > 65535 || gz > 65535) {
        return fail(INVALID_VALUE, k.name + ": grid (" + std::to_string(gx) + "," + std::to_string(gy) + ","
                + std::to_string(gz) + ") out of range");
    }
    if (bx == 0 || by == 0 || bz == 0 || bz > 64 || (unsigned long long) bx * by * bz > 1024) {
        return fail(INVALID_VALUE, k.name + ": block (" + std::to_string(bx) + "," + std::to_string(by) + ","
                + std::to_string(bz) + ") out of range");
    }
    if (!k.params.empty() && params == nullptr) {
        return fail(INVALID_VALUE, k.name + ": no kernel parameters");
    }
    Op op;
    op.kind = OpKind::Kernel;
    op.kernel = &k;
    op.grid[0] = gx;
    op.grid[1] = gy;
    op.grid[2] = gz;
    op.block[0] = bx;
    op.block[1] = by;
    op.block[2] = bz;
    op.blob.assign(k.blob_size == 0 ? 1 : k.blob_size, 0);
    for (size_t i = 0; i < k.params.size(); i++) {
        if (params[i] == nullptr) {
            return fail(INVALID_VALUE, k.name + ": parameter " + std::to_string(i) + " is missing");
        }
        memcpy(op.blob.data() + k.offsets[i], params[i], k.params[i].size);  // values are taken now, as CUDA does
    }
    return submit(stream, std::move(op));
}

// ---- errors ----

API CUresult cuGetErrorName(CUresult code, const char** out) {
    if (out == nullptr) {
        return INVALID_VALUE;
    }
    *out = name_of(code);
    return OK;
}

API CUresult cuGetErrorString(CUresult code, const char** out) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (out == nullptr) {
        return INVALID_VALUE;
    }
    static std::string message;
    message = detail.rfind(name_of(code), 0) == 0 ? detail : std::string(name_of(code));
    *out = message.c_str();
    return OK;
}

// Every other driver function the jcuda binding links against reports CUDA_ERROR_NOT_SUPPORTED through this
// (the stubs are generated by build.sh from the binding's undefined symbols).
extern "C" CUresult fakecuda_unsupported(const char* call) {
    std::lock_guard<std::recursive_mutex> g(lock);
    return fail(NOT_SUPPORTED, std::string(call) + " is not emulated by fakecuda");
}
