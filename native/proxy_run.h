// One running proxy: the sockets it was lent, the control sockets the binding gives it, and
// who may touch each of them when. zmq_proxy_steerable can only be ended from outside
// through its control socket, so every proxy gets one of the binding's own: an inproc PAIR
// pair in the frontend's context, `control` on the proxy's thread and `steer` on the JS
// thread. TERMINATE is sent on `steer` only at Worker teardown, at process exit and on a
// caught signal. With a user control socket as well, a relay thread passes the user's
// commands on (native/proxy_relay.h), and `steer` talks to the relay instead.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace zmqnapi {

class Socket;
class ContextHandle;

class ProxyRun {
 public:
  // `lent`: frontend, backend, capture and control, the last two null when not given.
  ProxyRun(std::vector<Socket*> lent, void* const raw[4]);
  ~ProxyRun();  // closes whatever internal socket is still open (a start that failed)
  ProxyRun(const ProxyRun&) = delete;
  ProxyRun& operator=(const ProxyRun&) = delete;

  // Makes the internal control sockets in `ctx`; 0 or an errno.
  int MakeControl(void* ctx);

  // On the proxy's thread: runs the proxy until it ends; 0 or the errno to reject with.
  int Run();

  // JS thread. Ends the proxy as a caught signal does: its promise rejects with EINTR.
  void Interrupt();
  // JS thread, at Worker teardown or process exit, when JavaScript may be gone: ends the
  // proxy, and its sockets are closed (linger capped to `linger_cap_ms`) as soon as it has.
  void EndWithEnvironment(int linger_cap_ms);
  // JS thread, once the proxy ended (before its promise settles): a proxy ended by ETERM or
  // by a caught signal closes every socket it had, so that ctx.term() can finish; one told
  // to TERMINATE (or failed) gives them back, usable again.
  void Finish();
  // The proxy's thread, when its environment is gone: nobody else is left to close them.
  void Abandon();

 private:
  void TellLocked();
  void CloseLentLocked();
  void CloseInternal();
  void CloseSteerLocked();

  const std::vector<Socket*> lent_;           // JS thread only
  void* raw_[4];                              // frontend, backend, capture, user control
  std::weak_ptr<ContextHandle> contexts_[4];  // each one's context (see CloseLentLocked)
  void* control_ = nullptr;                   // zmq_proxy_steerable's control (proxy thread)
  void* relay_side_ = nullptr;                // control_'s peer, on the relay thread
  void* relay_stop_ = nullptr;                // steer_'s peer, on the relay thread
  int outcome_ = 0;  // written on the proxy's thread before its hand-over to the JS thread

  std::mutex mutex_;  // the proxy thread and the JS thread both decide on what follows
  void* steer_ = nullptr;
  bool told_ = false;         // TERMINATE was sent on steer_
  bool interrupted_ = false;  // ... because of a caught signal
  bool with_env_ = false;     // the environment is ending
  bool returned_ = false;     // zmq_proxy_steerable returned: the lent sockets are idle
  bool lent_closed_ = false;  // ... and were closed by the binding
  int linger_cap_ms_ = -1;
};

}  // namespace zmqnapi
