// zmq_proxy_steerable on a native thread of its own: zmq.proxy, zmq.proxySteerable and
// the Guide's zmq.device all run through here (the run itself: proxy_run.h).
#pragma once

#include <napi.h>

namespace zmqnapi {

struct AddonData;

void InitProxy(Napi::Env env, Napi::Object exports);

// At process exit and Worker teardown, before any socket is closed: ends every proxy this
// environment runs, whose sockets are then closed on the proxy's thread, as JavaScript may
// be gone (a proxy is ended from outside only through its control socket).
void EndProxies(AddonData& data);

}  // namespace zmqnapi
