// Per-environment state of the addon (one per main thread or Worker), never statics:
// a Worker's teardown must only touch what that Worker created.
#pragma once

#include <napi.h>

#include <map>
#include <set>
#include <string>

#include "recv_arena.h"

namespace zmqnapi {

class Socket;
class Context;
class ProxyRun;

struct AddonData {
  static AddonData* Of(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

  explicit AddonData(Napi::Env env) : env(env) {}

  // At process exit (the 'exit' event) and at environment teardown (a Worker ending):
  // closes every socket this environment still has open, their linger capped to
  // exit_linger_ms, then terminates the contexts no other thread uses (the main thread
  // terminates all it knows: the process is ending). Messages already queued are delivered,
  // but the wait is bounded by the cap even when another thread keeps a context open.
  void CloseAll(bool is_main_thread);

  Napi::Env env;
  Napi::FunctionReference error_class;     // lib/errors.ts ZmqError, registered at load
  std::map<int, std::string> errno_names;  // the system's errno → name, registered with it
  Napi::FunctionReference context_class;   // to make Contexts and Messages from C++
  Napi::FunctionReference message_class;
  std::set<Socket*> open_sockets;
  std::set<Context*> contexts;
  RecvArena recv_arena;         // set by lib/inbox.ts
  bool on_main_thread = false;  // set at load: its loop is uv_default_loop(), not a Worker's
  int exit_linger_ms = 1000;
  std::set<ProxyRun*> proxies;  // running, not yet handed back (native/proxy.cc)
};

}  // namespace zmqnapi
