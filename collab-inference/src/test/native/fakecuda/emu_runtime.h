// fakecuda's kernel side: the registry of host-compiled kernels and the block scheduler that runs them.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace emu {

// One kernel parameter as the host compiler sees it.
struct Param {
    size_t size;
    size_t align;
    char kind;  // 'p' pointer, 'f' floating point, 'i' integer
};

// A kernel compiled from src/main/cuda for the host.
struct Kernel {
    std::string name;
    void* fn;
    std::vector<Param> params;
    std::vector<size_t> offsets;  // of each parameter in an argument blob
    size_t blob_size;
    void (*invoke)(void* fn, const char* blob, const size_t* offsets);
};

std::map<std::string, Kernel>& registry();

template <class T>
constexpr char kind_of() {
    return std::is_pointer<T>::value ? 'p' : std::is_floating_point<T>::value ? 'f' : 'i';
}

template <class... A, size_t... I>
void call(void (*f)(A...), const char* blob, const size_t* off, std::index_sequence<I...>) {
    f(*reinterpret_cast<const A*>(blob + off[I])...);
}

template <class... A>
bool register_kernel(const char* name, void (*fn)(A...)) {
    Kernel k;
    k.name = name;
    k.fn = reinterpret_cast<void*>(fn);
    k.params = {Param{sizeof(A), alignof(A), kind_of<A>()}...};
    size_t off = 0;
    for (const Param& p : k.params) {
        off = (off + p.align - 1) / p.align * p.align;
        k.offsets.push_back(off);
        off += p.size;
    }
    k.blob_size = off;
    k.invoke = [](void* f, const char* blob, const size_t* offsets) {
        call(reinterpret_cast<void (*)(A...)>(f), blob, offsets, std::index_sequence_for<A...>{});
    };
    registry()[name] = k;
    return true;
}

enum class Outcome { Ok, Failed, IllegalAddress };

// Runs every block of one launch. Fills `error` and stops (the remaining blocks do not run) when a block deadlocks,
// misuses a warp shuffle or trips a sanitizer check (Failed), or touches unmapped memory (IllegalAddress).
Outcome run_kernel(const Kernel& k, const char* blob, const unsigned grid[3], const unsigned block[3], std::string& error);

// Lets the driver explain a faulting address (which allocation's guard page it hit).
void set_address_describer(std::string (*describe)(const void*));

// Reports an error found while a kernel runs (sanitizer handlers); the scheduler stops the launch.
void kernel_fault(const std::string& what);

}  // namespace emu

#define EMU_KERNEL(name) static const bool emu_registered_##name = emu::register_kernel(#name, &name);
