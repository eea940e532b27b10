#include "call_from_loop.h"

namespace zmqnapi {

void CallFromLoop(napi_env env, napi_async_context context, napi_value receiver,
                  napi_value function, size_t argc, const napi_value* argv) {
  napi_value result;
  if (napi_make_callback(env, context, receiver, function, argc, argv, &result) == napi_ok) return;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) return;  // JavaScript cannot run: nothing is left to call back
  napi_value error;
  napi_get_and_clear_last_exception(env, &error);
  napi_fatal_exception(env, error);
}

}  // namespace zmqnapi
