#include "thread_task.h"

#include <thread>

#include "errors.h"

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

// Runs on the JS thread; env is null when the environment is being torn down.
void Settle(napi_env raw_env, napi_value, void*, void* data) {
  Task* task = static_cast<Task*>(data);
  if (raw_env != nullptr) {
    Napi::Env env(raw_env);
    Napi::HandleScope scope(env);
    if (task->on_done) task->on_done();
    if (task->result == 0) {
      task->deferred.Resolve(env.Undefined());
    } else {
      task->deferred.Reject(MakeZmqError(env, task->result).Value());
    }
  }
  delete task;
}

}  // namespace

Napi::Promise RunOnOwnThread(Napi::Env env, const char* name, std::function<int()> work,
                             std::function<void()> on_done) {
  Task* task = new Task(env, std::move(work), std::move(on_done));
  Napi::Promise promise = task->deferred.Promise();
  napi_threadsafe_function tsfn;
  napi_status status =
      napi_create_threadsafe_function(env, nullptr, nullptr, Napi::String::New(env, name), 0, 1,
                                      nullptr, nullptr, nullptr, Settle, &tsfn);
  if (status != napi_ok) {
    delete task;
    NAPI_THROW_IF_FAILED(env, status, promise);
  }
  std::thread([tsfn, task] {
    task->result = task->work();
    napi_call_threadsafe_function(tsfn, task, napi_tsfn_blocking);
    napi_release_threadsafe_function(tsfn, napi_tsfn_release);
  }).detach();
  return promise;
}

}  // namespace zmqnapi
