// Calling into JavaScript from a libuv callback (a watcher firing), where nothing on the
// stack can catch what the call throws.
#pragma once

#include <node_api.h>

#include <cstddef>

namespace zmqnapi {

// napi_make_callback, made safe for the loop: a JavaScript exception is reported as Node
// reports any uncaught one, and when JavaScript cannot run any more (a Worker being torn
// down) the call is skipped. node-addon-api's MakeCallback would instead build an Error
// for the failed call, which itself fails there and aborts the process.
void CallFromLoop(napi_env env, napi_async_context context, napi_value receiver,
                  napi_value function, size_t argc, const napi_value* argv);

}  // namespace zmqnapi
