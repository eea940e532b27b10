#include "proxy.h"

#include <zmq.h>

#include <memory>
#include <vector>

#include "addon.h"
#include "proxy_run.h"
#include "socket.h"
#include "util/errors.h"
#include "util/thread_task.h"

namespace zmqnapi {

namespace {

// The sockets given for each role, checked: frontend and backend required, capture and
// control optional (nullptr), no socket twice.
std::vector<Socket*> RoleSockets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* roles[] = {"frontend", "backend", "capture", "control"};
  std::vector<Socket*> sockets;
  for (size_t i = 0; i < 4; i++) {
    Napi::Value value = info[i];
    if (i >= 2 && (value.IsNull() || value.IsUndefined())) {
      sockets.push_back(nullptr);
      continue;
    }
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
  return sockets;
}

// Takes the sockets and makes the proxy's control sockets, giving everything back on failure.
std::shared_ptr<ProxyRun> Prepare(Napi::Env env, const std::vector<Socket*>& sockets) {
  std::vector<Socket*> lent;
  void* raw[4] = {nullptr, nullptr, nullptr, nullptr};
  try {
    for (size_t i = 0; i < 4; i++) {
      if (sockets[i] == nullptr) continue;
      raw[i] = sockets[i]->Lend(env);
      lent.push_back(sockets[i]);
    }
  } catch (...) {
    for (Socket* socket : lent) socket->GiveBack();
    throw;
  }
  auto run = std::make_shared<ProxyRun>(lent, raw);
  if (int err = run->MakeControl(sockets[0]->ZmqContext()); err != 0) {
    for (Socket* socket : lent) socket->GiveBack();
    throw MakeZmqError(env, err);
  }
  return run;
}

// proxy(frontend, backend, capture | null, control | null): Promise<void>. Resolves when
// the proxy ends normally (context terminated, or TERMINATE on the control socket).
Napi::Value Proxy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<ProxyRun> run = Prepare(env, RoleSockets(info));
  AddonData* data = AddonData::Of(env);
  data->proxies.insert(run.get());
  try {
    return RunOnOwnThread(
        env, "zmq_proxy", [run] { return run->Run(); },
        [run, data] {
          data->proxies.erase(run.get());
          run->Finish();
        },
        // The Worker that ran the proxy is gone, and its Socket objects with it: the
        // sockets are this thread's alone now, and closing them lets the context end.
        [run] { run->Abandon(); });
  } catch (...) {
    // No thread started: the run must not stay listed, and its sockets go back as they came.
    data->proxies.erase(run.get());
    run->Finish();
    throw;
  }
}

// interruptProxies(): a caught signal ends every proxy of this thread (lib/proxy.ts).
Napi::Value InterruptProxies(const Napi::CallbackInfo& info) {
  for (ProxyRun* run : AddonData::Of(info.Env())->proxies) run->Interrupt();
  return info.Env().Undefined();
}

}  // namespace

void EndProxies(AddonData& data) {
  for (ProxyRun* run : data.proxies) run->EndWithEnvironment(data.exit_linger_ms);
  data.proxies.clear();  // told once; their sockets are closed without JavaScript
}

void InitProxy(Napi::Env env, Napi::Object exports) {
  exports.Set("proxy", Napi::Function::New<Proxy>(env, "proxy"));
  exports.Set("interruptProxies", Napi::Function::New<InterruptProxies>(env, "interruptProxies"));
}

}  // namespace zmqnapi
