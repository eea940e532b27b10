// Whether a Node environment is ending (a Worker terminated, the process exiting), for the
// code that must act differently then: a finalizer run by the teardown, a blocking call
// whose thread Node waits for.
#pragma once

#include <node_api.h>

namespace zmqnapi {

// Node then refuses every call that could run JavaScript, which Node-API reports as
// napi_cannot_run_js to addons built for Node-API 10 and later, and as a pending exception
// where none is to those built for earlier versions (this one).
inline bool EnvironmentEnding(napi_env env) {
  napi_value undefined;
  bool equal = false;
  bool pending = false;
  if (napi_get_undefined(env, &undefined) != napi_ok) return true;
  napi_status status = napi_strict_equals(env, undefined, undefined, &equal);
  if (status == napi_cannot_run_js) return true;
  return status == napi_pending_exception && napi_is_exception_pending(env, &pending) == napi_ok &&
         !pending;
}

}  // namespace zmqnapi
