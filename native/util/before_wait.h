// RAII for a uv_prepare_t: while started, calls a function each time the event loop is
// about to wait for I/O. It never keeps the loop alive by itself.
#pragma once

#include <uv.h>

#include <functional>

namespace zmqnapi {

class BeforeWait {
 public:
  BeforeWait(uv_loop_t* loop, std::function<void()> fn);
  ~BeforeWait();
  BeforeWait(const BeforeWait&) = delete;
  BeforeWait& operator=(const BeforeWait&) = delete;

  void Start();
  void Stop();

 private:
  static void OnPrepare(uv_prepare_t* handle);
  uv_prepare_t* handle_ = nullptr;  // see CloseAndFree
  std::function<void()> fn_;
  bool active_ = false;
};

}  // namespace zmqnapi
