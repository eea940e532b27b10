#include "thread_task.h"

#include <memory>
#include <mutex>
#include <thread>

#include "errors.h"
#include "thread_signals.h"

namespace zmqnapi {

namespace {

struct Task {
  Task(Napi::Env env, std::function<int()> work, std::function<void()> on_done)
      : deferred(Napi::Promise::Deferred::New(env)),
        work(std::move(work)),
        on_done(std::move(on_done)) {}
  Napi::Promise::Deferred deferred;
  std::function<int()> work;
  std::function<void()> on_done;
  int result = 0;
};

// Runs on the JS thread; env is null when the environment is being torn down. Node may also
// call it with an env that can no longer run JavaScript: a term() from a process's 'exit'
// handler, settled as the process ends. Settling then fails and node-addon-api throws, and
// an exception leaving this C callback would be std::terminate (SIGABRT), so none may.
void Settle(napi_env raw_env, napi_value, void*, void* data) {
  std::unique_ptr<Task> task(static_cast<Task*>(data));
  if (raw_env == nullptr) return;
  try {
    Napi::Env env(raw_env);
    Napi::HandleScope scope(env);
    if (task->on_done) task->on_done();
    if (task->result == 0) {
      task->deferred.Resolve(env.Undefined());
    } else {
      task->deferred.Reject(MakeZmqError(env, task->result).Value());
    }
  } catch (...) {
    // Nobody is left to see the promise settle.
  }
}

// Whether the environment that started a task is gone. A Worker can end while its task's
// thread still runs; its thread-safe function is then finalized and freed, and calling it
// would touch freed memory. The finalizer marks the task abandoned under the mutex the
// thread holds while it calls.
struct Lifeline {
  std::mutex mutex;
  bool abandoned = false;
};

void Abandon(napi_env, void* data, void*) {
  auto* lifeline = static_cast<std::shared_ptr<Lifeline>*>(data);
  {
    std::lock_guard<std::mutex> lock((*lifeline)->mutex);
    (*lifeline)->abandoned = true;
  }
  delete lifeline;
}

}  // namespace

Napi::Promise RunOnOwnThread(Napi::Env env, const char* name, std::function<int()> work,
                             std::function<void()> on_done, std::function<void()> on_abandoned) {
  Task* task = new Task(env, std::move(work), std::move(on_done));
  Napi::Promise promise = task->deferred.Promise();
  auto lifeline = std::make_shared<Lifeline>();
  napi_threadsafe_function tsfn;
  napi_status status = napi_create_threadsafe_function(
      env, nullptr, nullptr, Napi::String::New(env, name), 0, 1,
      new std::shared_ptr<Lifeline>(lifeline), Abandon, nullptr, Settle, &tsfn);
  if (status != napi_ok) {
    delete task;
    NAPI_THROW_IF_FAILED(env, status, promise);
  }
  std::thread([tsfn, task, lifeline, on_abandoned = std::move(on_abandoned)] {
    BlockProcessSignals();  // a blocking call such as zmq_proxy must not fail with EINTR
    task->result = task->work();
    std::lock_guard<std::mutex> lock(lifeline->mutex);
    // Refused (napi_closing) while the environment is being torn down, before it is gone.
    if (lifeline->abandoned ||
        napi_call_threadsafe_function(tsfn, task, napi_tsfn_blocking) != napi_ok) {
      // Nobody is left to settle the promise or to use the task's sockets. The task itself
      // is leaked: its promise may only be freed on the thread of an environment now gone.
      if (on_abandoned) on_abandoned();
      return;
    }
    napi_release_threadsafe_function(tsfn, napi_tsfn_release);
  }).detach();
  return promise;
}

}  // namespace zmqnapi
