// zmq_socket: the native half of the Socket class. It does the synchronous work (bind,
// options, non-blocking send and receive) and owns the ZMQ_FD watcher; the queue of
// pending async operations lives in lib/socket.ts, which the watcher calls back.
//
// One class, one file per job: socket.cc (construction, lifecycle, Close/CloseNow,
// Lend/GiveBack, endpoints, monitor, Init), socket_draft.cc (the draft API's join, leave,
// connectPeer, monitorVersioned), socket_options.cc (getOpt/setOpt),
// socket_send.cc (trySend, trySendMany), socket_recv.cc (tryRecvInto, tryRecvMsg),
// socket_sync.cc (the blocking recvSync, sendSync) and socket_watch.cc (watch, events, the hot
// calls, pinning while a watch is on).
#pragma once

#include <napi.h>

#include <memory>
#include <set>
#include <string>

#include "context.h"
#include "message.h"
#include "thread_safe_signal.h"
#include "util/before_wait.h"
#include "util/uv_poll_handle.h"

namespace zmqnapi {

class Socket : public Napi::ObjectWrap<Socket> {
 public:
  static constexpr const char* kClassName = "Socket";
  static constexpr const napi_type_tag& kTypeTag = kSocketTag;
  static Napi::Function Init(Napi::Env env);
  explicit Socket(const Napi::CallbackInfo& info);
  ~Socket();

  // nullptr when value is no Socket. Not named Unwrap: that would hide ObjectWrap::Unwrap,
  // which node-addon-api calls on every method call, and add an instanceof to each.
  static Socket* FromValue(Napi::Value value);

  // Stops watching and closes the socket. With cap_linger_ms >= 0 the socket's linger is
  // first lowered to at most that (process exit must not wait for ever). A socket lent to a
  // device is left alone: the device's thread is using it.
  void CloseNow(int cap_linger_ms = -1);

  // A device takes the socket for the time it runs on its own thread: every JS call on it
  // fails with EBUSY meanwhile, and the JS object is kept alive. Throws if the socket is
  // closed or already lent.
  void* Lend(Napi::Env env);
  void GiveBack();
  // The libzmq context the socket was made in (a proxy makes its control sockets there).
  // At a Worker's teardown: a socket that holds its context's ZAP endpoint hands it to a
  // native refuser, so the context's other threads never fall back to no ZAP handler.
  void HandOverZapEndpoint();
  // The libzmq context's handle, not kept alive by this: a proxy's thread closes the
  // sockets it was lent through it (its inproc bookkeeping) while the context lasts.
  std::weak_ptr<ContextHandle> WeakContext() const { return context_; }
  void* ZmqContext() const { return context_ != nullptr ? context_->get() : nullptr; }

 private:
  // socket.cc
  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value Unbind(const Napi::CallbackInfo& info);
  Napi::Value Connect(const Napi::CallbackInfo& info);
  Napi::Value Disconnect(const Napi::CallbackInfo& info);
  Napi::Value Monitor(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);
  // The libzmq socket, live: throws ENOTSOCK when it is closed, EBUSY while a device has it.
  void* LiveSocket(Napi::Env env) const;
  Napi::Value EndpointOp(const Napi::CallbackInfo& info, EndpointVerb verb);
  void RememberTcpEndpoint(EndpointVerb verb, void* socket, const std::string& endpoint);

  // socket_draft.cc: the draft API (ENOTSUP without it)
  Napi::Value Join(const Napi::CallbackInfo& info);
  Napi::Value Leave(const Napi::CallbackInfo& info);
  Napi::Value ConnectPeer(const Napi::CallbackInfo& info);
  Napi::Value MonitorVersioned(const Napi::CallbackInfo& info);
  Napi::Value QueryPipesStats(const Napi::CallbackInfo& info);

  // socket_options.cc
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  Napi::Value SetOpt(const Napi::CallbackInfo& info);

  // socket_send.cc
  Napi::Value TrySend(const Napi::CallbackInfo& info);
  Napi::Value TrySendMany(const Napi::CallbackInfo& info);
  // With `blocking`, waits in libzmq at the high-water mark (sendSync) and reports EINTR.
  bool SendMessage(Napi::Env env, void* socket, Napi::Value message, int flags,
                   bool blocking = false);

  // socket_recv.cc
  Napi::Value TryRecvMsg(const Napi::CallbackInfo& info);
  Napi::Value TryRecvInto(const Napi::CallbackInfo& info);
  // zmq_msg_recv with ZMQ_DONTWAIT; false when nothing is waiting.
  bool RecvFrame(Napi::Env env, zmq_msg_t* msg, int flags);

  // socket_sync.cc: the blocking calls of the opt-in low-latency mode
  Napi::Value RecvSync(const Napi::CallbackInfo& info);
  Napi::Value SendSync(const Napi::CallbackInfo& info);

  // socket_watch.cc
  Napi::Value Events(const Napi::CallbackInfo& info);
  Napi::Value Watch(const Napi::CallbackInfo& info);
  void DefineHotCalls(Napi::Env env, Napi::Object self);
  void OnReadable();
  // For a thread-safe socket, makes signal_; false, with zmq_errno set, when it cannot.
  bool RegisterThreadSafeSignal();
  // Set and clear watchState[kWatchOn], taking and dropping the strong references with it.
  void Pin();
  void Unpin();
  // Unref's the watcher and unpins: nothing waits on the socket any more.
  void StopWatching();

  void* socket_ = nullptr;
  std::shared_ptr<ContextHandle> context_;
  std::unique_ptr<UvPollHandle> watcher_;
  // Only for a thread-safe socket, whose watcher_ is on this, not on ZMQ_FD. Destroyed after
  // watcher_ (which polls its fd) and before the socket is closed (it is registered there).
  std::unique_ptr<ThreadSafeSignal> signal_;
  Napi::FunctionReference on_readable_;  // lib/socket.ts: serve pending operations
  Napi::AsyncContext async_context_;
  bool lent_ = false;
  bool holds_zap_endpoint_ = false;   // bound to inproc://zeromq.zap.01 (native/zap_refuser.h)
  bool norm_frames_bounded_ = false;  // has had a norm:// endpoint (util/multicast_guard.h)
  // ZMQ_CONFLATE as last set, and whether a bind or connect made while it was on may have
  // made pipes that conflate (libzmq takes the option at bind or connect, for a DEALER,
  // PULL, PUSH, PUB or SUB only): they keep the last frame of a multipart message.
  bool conflate_on_ = false;
  bool conflates_ = false;
  std::set<std::string> tcp_endpoints_;  // see RememberTcpEndpoint
  bool inproc_frames_ = false;           // has had an inproc:// endpoint (socket_send.cc)
  // Shared with lib/socket.ts as `watchState`, so that a socket waited on again within the
  // same turn of the event loop (a request-reply loop, every message) costs no call into
  // the addon: [kWatchWanted] is set by JavaScript while something waits on the socket;
  // [kWatchOn] is set here while the watch is on. A watch no longer wanted is stopped right
  // before the loop next waits (before_wait_). While [kWatchOn] is set, this object and the
  // callback are pinned (strong references, Pin/Unpin): a pending recv must never be lost to
  // the garbage collector, however unreachable it is.
  Napi::Reference<Napi::Int32Array> watch_state_ref_;
  int32_t* watch_state_ = nullptr;
  std::unique_ptr<BeforeWait> before_wait_;
};

}  // namespace zmqnapi
