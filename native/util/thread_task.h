// Runs a blocking libzmq call (zmq_ctx_term, zmq_proxy) on a thread of its own, never on
// the JS thread and never on the libuv pool (whose four threads a long call would starve),
// and settles a promise on the JS thread when it returns.
#pragma once

#include <napi.h>

#include <functional>

namespace zmqnapi {

// `work` returns 0 on success or an errno; the promise resolves with undefined or rejects
// with the matching ZmqError. While the task runs it keeps the event loop alive.
// `on_done`, if given, runs on the JS thread just before the promise settles. When the
// environment (a Worker) ended, or is being torn down, when the work returns,
// `on_abandoned` runs instead, on the task's own thread. The thread blocks every signal.
Napi::Promise RunOnOwnThread(Napi::Env env, const char* name, std::function<int()> work,
                             std::function<void()> on_done = nullptr,
                             std::function<void()> on_abandoned = nullptr);

}  // namespace zmqnapi
