#include "inproc_pending.h"

#include <zmq.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <thread>

#include "util/endpoint_scheme.h"

namespace zmqnapi {

namespace {

bool IsInproc(const std::string& endpoint) {
  return HasScheme(endpoint, "inproc://");
}

int Call(EndpointVerb verb, void* socket, const char* endpoint) {
  switch (verb) {
    case EndpointVerb::kBind:
      return zmq_bind(socket, endpoint);
    case EndpointVerb::kUnbind:
      return zmq_unbind(socket, endpoint);
    case EndpointVerb::kConnect:
      return zmq_connect(socket, endpoint);
    case EndpointVerb::kDisconnect:
      return zmq_disconnect(socket, endpoint);
  }
  return -1;
}

}  // namespace

// Binds endpoints and unbinds them at once, with one socket made on first use and closed at
// the end: libzmq hands a bind every connection pending on its endpoint and pays the debts
// of their sockets (zmq_unbind of inproc takes the endpoint back at once, so a real bind can
// follow). A PULL, because it keeps every pipe a bind gives it until it closes: a PAIR ends
// each after its first at once, and libzmq then writes an open ROUTER's routing id into
// the ended pipe and aborts (pipe.cpp:87). Linger 0: what the waiters had queued there has
// nowhere to go.
class InprocPending::Settler {
 public:
  explicit Settler(void* ctx) : ctx_(ctx) {}
  ~Settler() {
    if (socket_ != nullptr) zmq_close(socket_);
  }
  Settler(const Settler&) = delete;
  Settler& operator=(const Settler&) = delete;

  // True when no socket could be made for want of a slot (EMFILE).
  bool out_of_slots() const { return out_of_slots_; }

  // False when no socket could be made for it.
  bool Settle(const std::string& endpoint) {
    if (socket_ == nullptr && !Open()) return false;
    // EADDRINUSE: something bound it outside the table (a monitor's endpoint), and that bind
    // took the pending connections already.
    if (zmq_bind(socket_, endpoint.c_str()) == 0) zmq_unbind(socket_, endpoint.c_str());
    return true;
  }

 private:
  bool Open() {
    // A context shut down (ETERM) cannot make one, nor one with every socket slot taken
    // (EMFILE): slots of closed sockets come back once libzmq's reaper thread is done with
    // them, so the table tries again at the next close (InprocPending::owed_).
    if (failed_) return false;
    socket_ = zmq_socket(ctx_, ZMQ_PULL);
    failed_ = socket_ == nullptr;
    if (failed_) {
      out_of_slots_ = zmq_errno() == EMFILE;
      return false;
    }
    int linger = 0;
    zmq_setsockopt(socket_, ZMQ_LINGER, &linger, sizeof(linger));
    return true;
  }

  void* const ctx_;
  void* socket_ = nullptr;
  bool failed_ = false;
  bool out_of_slots_ = false;
};

int InprocPending::Apply(EndpointVerb verb, void* socket, const std::string& endpoint) {
  if (!IsInproc(endpoint)) return Call(verb, socket, endpoint.c_str());
  // Held across the call: a connect recorded after another thread had settled the endpoint
  // in between would have had its pending connection taken by the settling bind.
  std::lock_guard<std::mutex> lock(mutex_);
  int rc = Call(verb, socket, endpoint.c_str());
  if (rc == 0) Record(verb, socket, endpoint);
  return rc;
}

uint32_t InprocPending::ConnectPeer(void* socket, const std::string& endpoint) {
#ifdef ZMQ_BUILD_DRAFT_API
  if (!IsInproc(endpoint)) return zmq_connect_peer(socket, endpoint.c_str());
  std::lock_guard<std::mutex> lock(mutex_);
  uint32_t routing_id = zmq_connect_peer(socket, endpoint.c_str());
  if (routing_id != 0) Record(EndpointVerb::kConnect, socket, endpoint);
  return routing_id;
#else
  (void)socket;
  (void)endpoint;
  errno = ENOTSUP;
  return 0;
#endif
}

void InprocPending::Record(EndpointVerb verb, void* socket, const std::string& endpoint) {
  Endpoint& entry = endpoints_[endpoint];
  switch (verb) {
    case EndpointVerb::kBind:
      // The bind connected everything pending there: nobody waits any more.
      for (const auto& waiter : entry.waiting) Unlist(waiter.first, endpoint);
      entry.waiting.clear();
      owed_.erase(endpoint);
      entry.bound_by = socket;
      endpoints_of_[socket].insert(endpoint);
      break;
    case EndpointVerb::kUnbind:
      if (entry.bound_by == socket) entry.bound_by = nullptr;
      Unlist(socket, endpoint);
      break;
    case EndpointVerb::kConnect:
      // Connected to a bound endpoint, the socket owes nothing. Settling what is owed there
      // now would take this connection too: the last of these waiters to go settles it.
      if (entry.bound_by == nullptr) {
        entry.waiting.emplace(socket, false);
        endpoints_of_[socket].insert(endpoint);
        owed_.erase(endpoint);
      }
      break;
    case EndpointVerb::kDisconnect:
      Disconnected(entry, socket);
      break;
  }
  ForgetIfEmpty(endpoint);
}

void InprocPending::Disconnected(Endpoint& entry, void* socket) {
  auto waiter = entry.waiting.find(socket);
  if (waiter == entry.waiting.end()) return;
  // The pending connection stays, its pipe half closed, and so does the debt: the socket
  // waits on until it closes. Settling it while open would hold the settling socket (and
  // its slot and fd) until this one next processes its commands. A bind would also write an
  // open ROUTER's routing id into that pipe, which no longer takes it, and libzmq aborts
  // (pipe.cpp:87): SettleAll leaves those endpoints to libzmq.
  int type = -1;
  size_t size = sizeof(type);
  if (zmq_getsockopt(socket, ZMQ_TYPE, &type, &size) != 0 || type == ZMQ_ROUTER) {
    waiter->second = true;
  }
}

void InprocPending::Close(void* socket) {
  // Closed under the lock: once zmq_close returns, libzmq may free the socket and another
  // thread's next socket have its address, and then its connects must not be taken for
  // this one's.
  std::lock_guard<std::mutex> lock(mutex_);
  zmq_close(socket);
  // Sealed: the context's term may be freeing it now; its own term settles what is left.
  if (sealed_) return;
  Settler settler(ctx_);
  SettleOwed(settler);
  auto found = endpoints_of_.find(socket);
  if (found == endpoints_of_.end()) return;
  std::set<std::string> endpoints = std::move(found->second);
  endpoints_of_.erase(found);
  for (const std::string& endpoint : endpoints) {
    auto it = endpoints_.find(endpoint);
    if (it == endpoints_.end()) continue;
    Endpoint& entry = it->second;
    if (entry.bound_by == socket) entry.bound_by = nullptr;
    // Settled after zmq_close: libzmq writes no routing id for a closed socket, so even a
    // ROUTER that had disconnected is safe.
    if (entry.waiting.erase(socket) > 0 && entry.waiting.empty() && !settler.Settle(endpoint)) {
      owed_.insert(endpoint);
    }
    ForgetIfEmpty(endpoint);
  }
}

void InprocPending::SettleOwed(Settler& settler) {
  for (auto it = owed_.begin(); it != owed_.end() && settler.Settle(*it);) it = owed_.erase(it);
}

void InprocPending::SettleAll(std::chrono::milliseconds wait_for_slot) {
  // Polled: libzmq tells nobody when its reaper gives a slot back. Unlocked in between, so
  // that the closes on other threads, which settle too, go on meanwhile.
  auto deadline = std::chrono::steady_clock::now() + wait_for_slot;
  while (!SettleAllOnce() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool InprocPending::SettleAllOnce() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sealed_) return true;
  Settler settler(ctx_);
  SettleOwed(settler);
  for (auto it = endpoints_.begin(); it != endpoints_.end();) {
    Endpoint& entry = it->second;
    bool disconnected = std::any_of(entry.waiting.begin(), entry.waiting.end(),
                                    [](const auto& waiter) { return waiter.second; });
    if (!entry.waiting.empty() && !disconnected && settler.Settle(it->first)) {
      for (const auto& waiter : entry.waiting) Unlist(waiter.first, it->first);
      entry.waiting.clear();
    }
    bool empty = entry.bound_by == nullptr && entry.waiting.empty();
    it = empty ? endpoints_.erase(it) : std::next(it);
  }
  return !settler.out_of_slots();
}

void* InprocPending::NewSocket(int type) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sealed_) {
    errno = ETERM;
    return nullptr;
  }
  return zmq_socket(ctx_, type);
}

int InprocPending::Shutdown() {
  SettleAll();
  std::lock_guard<std::mutex> lock(mutex_);
  return sealed_ ? 0 : zmq_ctx_shutdown(ctx_);
}

void InprocPending::Seal() {
  std::lock_guard<std::mutex> lock(mutex_);
  sealed_ = true;
}

void InprocPending::Unlist(void* socket, const std::string& endpoint) {
  auto found = endpoints_of_.find(socket);
  if (found == endpoints_of_.end()) return;
  found->second.erase(endpoint);
  if (found->second.empty()) endpoints_of_.erase(found);
}

void InprocPending::ForgetIfEmpty(const std::string& endpoint) {
  auto it = endpoints_.find(endpoint);
  if (it != endpoints_.end() && it->second.bound_by == nullptr && it->second.waiting.empty()) {
    endpoints_.erase(it);
  }
}

}  // namespace zmqnapi
