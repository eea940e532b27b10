#include "proxy.h"

#include <zmq.h>

#include <cerrno>
#include <vector>

#include "socket.h"
#include "util/errors.h"
#include "util/thread_task.h"

namespace zmqnapi {

namespace {

// proxy(frontend, backend, capture | null, control | null): Promise<void>. Resolves when
// the proxy ends normally (context terminated, or TERMINATE on the control socket).
Napi::Value Proxy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* roles[] = {"frontend", "backend", "capture", "control"};
  std::vector<Socket*> sockets;
  void* raw[4] = {nullptr, nullptr, nullptr, nullptr};
  for (size_t i = 0; i < 4; i++) {
    Napi::Value value = info[i];
    if (i >= 2 && (value.IsNull() || value.IsUndefined())) continue;
    Socket* socket = Socket::FromValue(value);
    if (socket == nullptr) {
      throw Napi::TypeError::New(env, std::string(roles[i]) + " must be a Socket");
    }
    for (Socket* other : sockets) {
      if (other == socket) {
        throw Napi::TypeError::New(env, "a proxy needs a different socket for each role");
      }
    }
    sockets.push_back(socket);
  }
  // Take the sockets only once every argument is known good, giving back on failure.
  std::vector<Socket*> lent;
  size_t slot = 0;
  try {
    for (size_t i = 0; i < 4; i++) {
      if (i >= 2 && (info[i].IsNull() || info[i].IsUndefined())) continue;
      raw[i] = sockets[slot]->Lend(env);
      lent.push_back(sockets[slot++]);
    }
  } catch (...) {
    for (Socket* socket : lent) socket->GiveBack();
    throw;
  }
  return RunOnOwnThread(
      env, "zmq_proxy",
      [raw] {
        if (zmq_proxy_steerable(raw[0], raw[1], raw[2], raw[3]) == 0) return 0;
        int err = zmq_errno();
        return err == ETERM ? 0 : err;  // a terminated context is how a proxy ends
      },
      [lent] {
        for (Socket* socket : lent) socket->GiveBack();
      },
      [raw] {
        // The Worker that ran the proxy is gone, and its Socket objects with it: the
        // sockets are this thread's alone now, and closing them lets the context end.
        for (void* socket : raw) {
          if (socket != nullptr) zmq_close(socket);
        }
      });
}

}  // namespace

void InitProxy(Napi::Env env, Napi::Object exports) {
  exports.Set("proxy", Napi::Function::New<Proxy>(env, "proxy"));
}

}  // namespace zmqnapi
