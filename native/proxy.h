// zmq_proxy_steerable on a native thread of its own: zmq.proxy, zmq.proxySteerable and
// the Guide's zmq.device all run through here.
#pragma once

#include <napi.h>

namespace zmqnapi {

void InitProxy(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
