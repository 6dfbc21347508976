// fakecuda's block scheduler: each CUDA thread of a block is a fiber with its own stack, run on the calling host
// thread. A fiber runs until it reaches __syncthreads, a warp shuffle or its end; the scheduler then releases a
// barrier when every live thread of the block waits at it, and a shuffle when all 32 lanes of the warp wait at one.
// Anything else is reported as an error (deadlock, a shuffle with an exited lane, a partial warp), which a GPU would
// turn into a hang or undefined results.
#include "emu_runtime.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "include/cuda_emu.h"

#if !defined(__x86_64__)
#error "fakecuda's fiber switch is written for x86-64"
#endif

extern "C" {
dim3 threadIdx;
dim3 blockIdx;
dim3 blockDim;
dim3 gridDim;
// Saves the callee-saved registers on the current stack, stores its pointer in *save and resumes `to`.
void emu_switch(void** save, void* to);
}

asm(R"(
    .text
    .globl emu_switch
    .hidden emu_switch
    .type emu_switch, @function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_switch, .-emu_switch
)");

namespace emu {

std::map<std::string, Kernel>& registry() {
    static std::map<std::string, Kernel> kernels;
    return kernels;
}

namespace {

constexpr int kMaxThreads = 1024;
constexpr size_t kStack = 256 * 1024;  // per fiber, plus one guard page below it

enum class Wait { Run, Barrier, Shuffle, Done };

struct Fiber {
    void* sp;
    Wait wait;
    uint32_t bits;
    int src;
    uint32_t mask;
    uint32_t result;
};

Fiber fibers[kMaxThreads];
char* stacks = nullptr;
size_t stack_stride = 0;
void* scheduler_sp = nullptr;
int current = -1;
const Kernel* running = nullptr;
const char* running_blob = nullptr;
std::string fault;
unsigned long long blocks_run = 0;
std::string (*describe_address)(const void*) = nullptr;

// A kernel touching unmapped memory (a device allocation's guard page, a wild pointer) raises SIGSEGV on the
// running fiber. While a kernel runs, this handler turns such a fault into a failed launch; every other SIGSEGV
// (the JVM uses them on purpose) goes to the handler that was installed before.
sigjmp_buf fault_jump;
volatile sig_atomic_t kernel_thread_active = 0;
pthread_t kernel_thread;
const void* fault_address = nullptr;
struct sigaction previous_segv;

void on_segv(int sig, siginfo_t* info, void* context) {
    if (kernel_thread_active && pthread_equal(pthread_self(), kernel_thread)) {
        fault_address = info->si_addr;
        siglongjmp(fault_jump, 1);
    }
    if (previous_segv.sa_flags & SA_SIGINFO) {
        previous_segv.sa_sigaction(sig, info, context);
    } else if (previous_segv.sa_handler == SIG_DFL) {
        signal(sig, SIG_DFL);
        raise(sig);
    } else if (previous_segv.sa_handler != SIG_IGN) {
        previous_segv.sa_handler(sig);
    }
}

void fiber_main() {
    running->invoke(running->fn, running_blob, running->offsets.data());
    fibers[current].wait = Wait::Done;
    emu_switch(&fibers[current].sp, scheduler_sp);
    abort();  // a finished fiber is never resumed
}

bool ensure_stacks(std::string& error) {
    if (stacks != nullptr) {
        return true;
    }
    const size_t page = (size_t) sysconf(_SC_PAGESIZE);
    stack_stride = kStack + page;
    void* mem = mmap(nullptr, stack_stride * kMaxThreads, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        error = "cannot map fiber stacks";
        return false;
    }
    stacks = static_cast<char*>(mem);
    for (int i = 0; i < kMaxThreads; i++) {
        mprotect(stacks + i * stack_stride, page, PROT_NONE);  // overflow faults instead of corrupting a neighbour
    }
    return true;
}

void start_fiber(int i) {
    uintptr_t top = reinterpret_cast<uintptr_t>(stacks + (i + 1) * stack_stride) & ~(uintptr_t) 15;
    uintptr_t* sp = reinterpret_cast<uintptr_t*>(top);
    *--sp = 0;                                          // fiber_main's (never used) return address
    *--sp = reinterpret_cast<uintptr_t>(&fiber_main);   // where emu_switch's ret goes
    for (int r = 0; r < 6; r++) {
        *--sp = 0;                                      // rbp rbx r12 r13 r14 r15
    }
    fibers[i] = Fiber{sp, Wait::Run, 0, 0, 0, 0};
}

void yield(Wait why) {
    fibers[current].wait = why;
    emu_switch(&fibers[current].sp, scheduler_sp);
}

std::string where() {
    char buf[160];
    snprintf(buf, sizeof buf, "block (%u,%u,%u) thread %d", blockIdx.x, blockIdx.y, blockIdx.z, current);
    return buf;
}

// Releases every warp whose lanes all wait at a shuffle. Returns how many were released, or -1 on misuse.
int release_shuffles(int n, std::string& error) {
    int released = 0;
    for (int w = 0; w * 32 < n; w++) {
        const int lo = w * 32;
        const int hi = std::min(n, lo + 32);
        int waiting = 0;
        int done = 0;
        for (int i = lo; i < hi; i++) {
            waiting += fibers[i].wait == Wait::Shuffle;
            done += fibers[i].wait == Wait::Done;
        }
        if (waiting == 0) {
            continue;
        }
        if (hi - lo < 32 || done > 0) {
            char buf[200];
            snprintf(buf, sizeof buf,
                    "warp %d of block (%u,%u,%u): __shfl_xor_sync with a full mask while %s", w, blockIdx.x,
                    blockIdx.y, blockIdx.z, hi - lo < 32 ? "the warp is partial (blockDim not a multiple of 32)"
                                                         : "some lanes have exited");
            error = buf;
            return -1;
        }
        if (waiting < 32) {
            continue;  // the other lanes have not reached the shuffle yet (or wait at a barrier: deadlock, later)
        }
        for (int i = lo; i < hi; i++) {
            if (fibers[i].mask != 0xffffffffu) {
                error = "fakecuda emulates full-mask shuffles only";
                return -1;
            }
            fibers[i].result = fibers[lo + fibers[i].src].bits;
        }
        for (int i = lo; i < hi; i++) {
            fibers[i].wait = Wait::Run;
        }
        released++;
    }
    return released;
}

// Threads run in ascending order in one block and descending order in the next (see run_kernel), so that a missing
// barrier between one thread's write and another thread's read changes the result in one of the two orders.
bool run_block(int n, bool descending, std::string& error) {
    const bool one_dimensional = blockDim.y == 1 && blockDim.z == 1;
    for (int i = 0; i < n; i++) {
        start_fiber(i);
    }
    int done = 0;
    while (true) {
        for (int k = 0; k < n; k++) {
            const int i = descending ? n - 1 - k : k;
            if (fibers[i].wait != Wait::Run) {
                continue;
            }
            current = i;
            threadIdx = one_dimensional
                    ? dim3{(unsigned) i, 0, 0}
                    : dim3{i % blockDim.x, (i / blockDim.x) % blockDim.y, i / (blockDim.x * blockDim.y)};
            emu_switch(&scheduler_sp, fibers[i].sp);
            if (!fault.empty()) {
                error = fault;
                return false;
            }
            done += fibers[i].wait == Wait::Done;
        }
        if (done == n) {
            return true;
        }
        int released = release_shuffles(n, error);
        if (released < 0) {
            return false;
        }
        if (released > 0) {
            continue;
        }
        int at_barrier = 0;
        for (int i = 0; i < n; i++) {
            at_barrier += fibers[i].wait == Wait::Barrier;
        }
        if (at_barrier + done == n) {
            for (int i = 0; i < n; i++) {
                if (fibers[i].wait == Wait::Barrier) {
                    fibers[i].wait = Wait::Run;
                }
            }
            continue;
        }
        char buf[200];
        snprintf(buf, sizeof buf,
                "deadlock in block (%u,%u,%u): %d threads wait at __syncthreads, %d at a warp shuffle, %d exited",
                blockIdx.x, blockIdx.y, blockIdx.z, at_barrier, n - at_barrier - done, done);
        error = buf;
        return false;
    }
}

}  // namespace

void syncthreads() { yield(Wait::Barrier); }

void set_address_describer(std::string (*describe)(const void*)) { describe_address = describe; }

uint32_t shfl_xor(uint32_t mask, uint32_t bits, int lane_mask) {
    Fiber& f = fibers[current];
    f.bits = bits;
    f.mask = mask;
    f.src = ((current % 32) ^ lane_mask) & 31;
    yield(Wait::Shuffle);
    return fibers[current].result;
}

void kernel_fault(const std::string& what) {
    if (fault.empty()) {
        fault = what + " (" + where() + ")";
    }
    if (current >= 0 && running != nullptr) {
        yield(Wait::Done);  // stop this thread; the scheduler sees the fault and abandons the launch
    }
}

Outcome run_kernel(const Kernel& k, const char* blob, const unsigned grid[3], const unsigned block[3],
        std::string& error) {
    const long long n = (long long) block[0] * block[1] * block[2];
    if (n < 1 || n > kMaxThreads) {
        error = "block of " + std::to_string(n) + " threads";
        return Outcome::Failed;
    }
    if (!ensure_stacks(error)) {
        return Outcome::Failed;
    }
    blockDim = dim3{block[0], block[1], block[2]};
    gridDim = dim3{grid[0], grid[1], grid[2]};
    running = &k;
    running_blob = blob;
    fault.clear();
    struct sigaction handler;
    memset(&handler, 0, sizeof handler);
    handler.sa_sigaction = on_segv;
    handler.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&handler.sa_mask);
    sigaction(SIGSEGV, &handler, &previous_segv);
    kernel_thread = pthread_self();
    bool ok = true;
    bool segv = false;
    if (sigsetjmp(fault_jump, 1) == 0) {
        kernel_thread_active = 1;
        for (unsigned z = 0; ok && z < grid[2]; z++) {
            for (unsigned y = 0; ok && y < grid[1]; y++) {
                for (unsigned x = 0; ok && x < grid[0]; x++) {
                    blockIdx = dim3{x, y, z};
                    ok = run_block((int) n, (blocks_run++ & 1) != 0, error);
                }
            }
        }
    } else {
        ok = false;
        segv = true;
        char buf[160];
        snprintf(buf, sizeof buf, "illegal address %p in block (%u,%u,%u) thread %d", fault_address, blockIdx.x,
                blockIdx.y, blockIdx.z, current);
        error = buf;
        if (describe_address != nullptr) {
            error += describe_address(fault_address);
        }
    }
    kernel_thread_active = 0;
    sigaction(SIGSEGV, &previous_segv, nullptr);
    running = nullptr;
    current = -1;
    if (!ok) {
        error = k.name + ": " + error;
    }
    return ok ? Outcome::Ok : segv ? Outcome::IllegalAddress : Outcome::Failed;
}

}  // namespace emu
