// Process exit and Worker teardown: AddonData::CloseAll (native/addon.h holds the
// per-environment state it works on).
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "addon.h"
#include "context.h"
#include "proxy.h"
#include "socket.h"

namespace zmqnapi {

namespace {

// zmq_ctx_term on each context, each on a thread of its own, waiting at most `wait`:
// a socket another thread still has open must not hold this one's exit up for ever.
void TermWithDeadline(const std::vector<std::shared_ptr<ContextHandle>>& handles,
                      std::chrono::milliseconds wait) {
  struct Progress {
    std::mutex mutex;
    std::condition_variable done;
    size_t left;
  };
  auto progress = std::make_shared<Progress>();
  progress->left = handles.size();
  for (const auto& handle : handles) {
    std::thread([handle, progress] {
      handle->TermBlocking();
      std::lock_guard<std::mutex> lock(progress->mutex);
      progress->left--;
      progress->done.notify_all();
    }).detach();
  }
  std::unique_lock<std::mutex> lock(progress->mutex);
  progress->done.wait_for(lock, wait, [&] { return progress->left == 0; });
}

}  // namespace

void AddonData::CloseAll(bool is_main_thread) {
  // First, while their sockets are all still open: a proxy's control socket ends it.
  EndProxies(*this);
  // Copies: closing a socket removes it from the set.
  std::set<Socket*> sockets = open_sockets;
  // A Worker's Authenticator must not leave the threads that go on with nothing at the ZAP
  // endpoint (anyone would be let in); at process exit every context ends anyway.
  if (!is_main_thread) {
    for (Socket* socket : sockets) socket->HandOverZapEndpoint();
  }
  for (Socket* socket : sockets) socket->CloseNow(exit_linger_ms);

  // How many of this environment's Context objects stand on each libzmq context.
  std::map<ContextHandle*, std::pair<std::shared_ptr<ContextHandle>, long>> holders;
  for (Context* context : contexts) {
    auto& entry = holders[context->handle().get()];
    entry.first = context->handle();
    entry.second++;
  }
  std::vector<std::shared_ptr<ContextHandle>> to_term;
  for (auto& [raw, entry] : holders) {
    // use_count: our Context objects, the copy in `entry`, and anything else alive.
    bool only_ours = entry.first.use_count() == entry.second + 1;
    if ((is_main_thread || only_ours) && entry.first->ClaimTerm()) to_term.push_back(entry.first);
  }
  if (!to_term.empty()) {
    // The sockets' linger is capped; the margin covers libzmq's own shutdown handshake.
    TermWithDeadline(to_term, std::chrono::milliseconds(exit_linger_ms + 250));
  }
}

}  // namespace zmqnapi
