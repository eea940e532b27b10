// Per-environment state of the addon (one per main thread or Worker), never statics:
// a Worker's teardown must only touch what that Worker created.
#pragma once

#include <napi.h>

#include <set>

namespace zmqnapi {

class Socket;
class Context;

struct AddonData {
  static AddonData* Of(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

  explicit AddonData(Napi::Env env) : env(env) {}
  // Runs at environment teardown: whatever the program left open is closed here.
  ~AddonData() { CloseAll(); }

  // Closes every socket this environment still has open (their linger capped to
  // exit_linger_ms) and terminates the contexts it owns. Used on process exit, where
  // messages already queued must still be delivered, but never for longer than the cap.
  void CloseAll();

  Napi::Env env;
  Napi::FunctionReference error_class;    // lib/errors.ts ZmqError, registered at load
  Napi::FunctionReference context_class;  // for instanceof checks
  Napi::FunctionReference message_class;
  std::set<Socket*> open_sockets;
  std::set<Context*> contexts;
  int exit_linger_ms = 1000;
  bool is_main_thread = true;
};

}  // namespace zmqnapi
