// The fail-closed end of a context's ZAP endpoint. An Authenticator's handler (lib/
// zap-endpoint.ts) holds inproc://zeromq.zap.01 for the context from its first start on,
// refusing every request while no Authenticator runs: libzmq 4.3 lets anyone in where nothing
// is bound there. When the thread whose handler it is ends (a Worker) and the context goes on
// serving other threads, the endpoint is handed to a native thread of its own that refuses
// every request until the context is terminated.
#pragma once

#include <string>

namespace zmqnapi {

// The endpoint libzmq asks (ZeroMQ RFC 27).
inline const std::string kZapEndpoint = "inproc://zeromq.zap.01";

// Unbinds the endpoint from `holder` (a socket of this thread, about to be closed), binds it
// at once to a socket of `ctx` and serves that, refusing, on a thread of its own until ETERM.
// Does nothing when `holder` does not hold it.
void HandZapEndpointToRefuser(void* ctx, void* holder);

}  // namespace zmqnapi
