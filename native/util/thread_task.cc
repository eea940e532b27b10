#include "thread_task.h"

#include <memory>
#include <mutex>
#include <thread>

#include "env_ending.h"
#include "errors.h"
#include "thread_signals.h"

namespace zmqnapi {

namespace {

struct Task {
  Task(Napi::Env env, std::function<int()> work, std::function<void()> on_done)
      : work(std::move(work)), on_done(std::move(on_done)) {
    NAPI_THROW_IF_FAILED_VOID(env, napi_create_promise(env, &deferred, &promise));
  }
  // Raw, settled with the calls that report failure rather than throw (see Settle).
  napi_deferred deferred = nullptr;
  napi_value promise = nullptr;
  std::function<int()> work;
  std::function<void()> on_done;
  int result = 0;
};

// Runs on the JS thread; env is null when the environment is being torn down. Node may also
// call it with an env that can no longer run JavaScript (a term() from a process's 'exit'
// handler, settled as the process ends): `on_done`, native work, still runs, but nobody is
// left to see the promise settle. No exception may leave this C callback (std::terminate).
void Settle(napi_env raw_env, napi_value, void*, void* data) {
  std::unique_ptr<Task> task(static_cast<Task*>(data));
  if (raw_env == nullptr) return;
  Napi::Env env(raw_env);  // (Node calls this inside a handle scope of its own)
  napi_value error = nullptr;
  bool failed_otherwise = false;  // out of memory, say
  try {
    if (task->on_done) task->on_done();
    if (task->result != 0) error = MakeZmqError(env, task->result).Value();
  } catch (const Napi::Error& failed) {
    error = failed.Value();  // what failed on the way is the promise's answer
  } catch (...) {
    failed_otherwise = true;
  }
  if (EnvironmentEnding(raw_env)) return;  // nobody is left to see the promise settle
  if (failed_otherwise) {
    // An Error made by calls that return a status.
    napi_value text;
    if (napi_create_string_utf8(env, "a task's completion failed", NAPI_AUTO_LENGTH, &text) !=
            napi_ok ||
        napi_create_error(env, nullptr, text, &error) != napi_ok) {
      return;
    }
  }
  // Settled exactly once, by calls that return a status: node-addon-api's would throw.
  if (error == nullptr) {
    napi_resolve_deferred(env, task->deferred, env.Undefined());
  } else {
    napi_reject_deferred(env, task->deferred, error);
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
  Napi::Promise promise(env, task->promise);
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
