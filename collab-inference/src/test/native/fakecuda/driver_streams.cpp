// fakecuda entry points: streams, stream capture and graphs (see driver_core.cpp).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "driver.h"

using namespace fake;

// ---- streams ----

API CUresult cuStreamCreate(void** stream, unsigned int flags) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (flags > 1) {
        return fail(INVALID_VALUE, "unknown stream flags");
    }
    Stream* s = new Stream();
    s->ctx = current_ctx;
    streams.insert(s);
    *stream = s;
    return OK;
}

API CUresult cuStreamDestroy_v2(void* stream) {
    std::lock_guard<std::recursive_mutex> g(lock);
    Stream* s = stream_of(stream);
    if (streams.count(s) == 0) {
        return fail(INVALID_HANDLE, "unknown stream");
    }
    flush(s);
    streams.erase(s);
    delete s->capture;
    delete s;
    return OK;
}

API CUresult cuStreamSynchronize(void* stream) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    Stream* s = stream_of(stream);
    if (s == nullptr) {
        return flush_all();
    }
    if (streams.count(s) == 0) {
        return fail(INVALID_HANDLE, "unknown stream");
    }
    if (s->capturing) {
        s->invalidated = true;
        return fail(CAPTURE_UNSUPPORTED, "cuStreamSynchronize on a stream being captured");
    }
    return flush(s);
}

API CUresult cuStreamBeginCapture_v2(void* stream, int mode) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    Stream* s = stream_of(stream);
    if (s == nullptr || streams.count(s) == 0) {
        return fail(INVALID_VALUE, "capture needs a created (non-legacy) stream");
    }
    if (s->capturing) {
        return fail(INVALID_VALUE, "the stream is already being captured");
    }
    if (mode < 0 || mode > 2) {
        return fail(INVALID_VALUE, "unknown capture mode");
    }
    s->capturing = true;
    s->invalidated = false;
    s->capture_thread = std::this_thread::get_id();
    s->capture = new Graph();
    return OK;
}

API CUresult cuStreamEndCapture(void* stream, void** graph) {
    std::lock_guard<std::recursive_mutex> g(lock);
    Stream* s = stream_of(stream);
    if (s == nullptr || streams.count(s) == 0 || !s->capturing) {
        return fail(INVALID_VALUE, "the stream is not being captured");
    }
    if (s->capture_thread != std::this_thread::get_id()) {
        return fail(CAPTURE_WRONG_THREAD, "capture was begun on another thread");
    }
    s->capturing = false;
    Graph* captured = s->capture;
    s->capture = nullptr;
    if (s->invalidated) {
        delete captured;
        *graph = nullptr;
        return fail(CAPTURE_INVALIDATED, "the capture was invalidated by a refused call");
    }
    *graph = captured;
    return sticky_error();
}

// ---- graphs ----

API CUresult cuGraphGetNodes(void* graph, void** nodes, size_t* count) {
    std::lock_guard<std::recursive_mutex> g(lock);
    Graph* gr = static_cast<Graph*>(graph);
    if (gr == nullptr || count == nullptr) {
        return INVALID_VALUE;
    }
    if (nodes != nullptr) {
        for (size_t i = 0; i < *count && i < gr->nodes.size(); i++) {
            nodes[i] = &gr->nodes[i];
        }
    }
    *count = gr->nodes.size();
    return OK;
}

API CUresult cuGraphInstantiateWithFlags(void** exec, void* graph, unsigned long long flags) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (graph == nullptr || flags != 0) {
        return fail(INVALID_VALUE, "cuGraphInstantiate needs a graph and flags 0");
    }
    *exec = new Exec{std::make_shared<std::vector<Op>>(static_cast<Graph*>(graph)->nodes)};
    return OK;
}

API CUresult cuGraphUpload(void* exec, void* stream) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (exec == nullptr) {
        return INVALID_VALUE;
    }
    Op op;
    op.kind = OpKind::Nop;
    return submit(stream, std::move(op));
}

API CUresult cuGraphLaunch(void* exec, void* stream) {
    std::lock_guard<std::recursive_mutex> g(lock);
    if (CUresult r = enter(); r != OK) {
        return r;
    }
    if (exec == nullptr) {
        return INVALID_VALUE;
    }
    Stream* s = stream_of(stream);
    if (s != nullptr && s->capturing) {
        return fail(NOT_SUPPORTED, "fakecuda does not capture graph launches");
    }
    Op op;
    op.kind = OpKind::Graph;
    op.graph = static_cast<Exec*>(exec)->nodes;
    return submit(stream, std::move(op));
}

API CUresult cuGraphExecDestroy(void* exec) {
    std::lock_guard<std::recursive_mutex> g(lock);
    delete static_cast<Exec*>(exec);  // queued launches keep their own reference to the nodes
    return OK;
}

API CUresult cuGraphDestroy(void* graph) {
    std::lock_guard<std::recursive_mutex> g(lock);
    delete static_cast<Graph*>(graph);
    return OK;
}
