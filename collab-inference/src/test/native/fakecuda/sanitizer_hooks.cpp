// fakecuda: the kernels are compiled with -fsanitize=alignment,bounds,... (build.sh) but no sanitizer runtime is
// linked; these are its report handlers, and a report fails the running launch instead of printing and going on.
#include <cstring>
#include <string>

#include "emu_runtime.h"

namespace {
struct SourceLocation {
    const char* file;
    uint32_t line;
    uint32_t column;
};

void sanitizer_report(const char* what, void* data) {
    const SourceLocation* loc = static_cast<const SourceLocation*>(data);
    const char* file = strrchr(loc->file, '/');
    emu::kernel_fault(std::string(what) + " at " + (file ? file + 1 : loc->file) + ":" + std::to_string(loc->line));
}
}  // namespace

extern "C" {
void __ubsan_handle_type_mismatch_v1(void* data, void*) { sanitizer_report("misaligned or null access", data); }
void __ubsan_handle_out_of_bounds(void* data, void*) { sanitizer_report("index out of bounds", data); }
void __ubsan_handle_add_overflow(void* data, void*, void*) { sanitizer_report("signed overflow in +", data); }
void __ubsan_handle_sub_overflow(void* data, void*, void*) { sanitizer_report("signed overflow in -", data); }
void __ubsan_handle_mul_overflow(void* data, void*, void*) { sanitizer_report("signed overflow in *", data); }
void __ubsan_handle_negate_overflow(void* data, void*) { sanitizer_report("signed overflow in negation", data); }
void __ubsan_handle_divrem_overflow(void* data, void*, void*) { sanitizer_report("division by zero or overflow", data); }
void __ubsan_handle_shift_out_of_bounds(void* data, void*, void*) { sanitizer_report("shift out of bounds", data); }
void __ubsan_handle_pointer_overflow(void* data, void*, void*) { sanitizer_report("pointer overflow", data); }
void __ubsan_handle_load_invalid_value(void* data, void*) { sanitizer_report("invalid bool/enum load", data); }
void __ubsan_handle_builtin_unreachable(void* data) { sanitizer_report("unreachable reached", data); }
void __ubsan_handle_vla_bound_not_positive(void* data, void*) { sanitizer_report("bad VLA bound", data); }
}
