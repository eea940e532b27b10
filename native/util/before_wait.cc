#include "before_wait.h"

#include "uv_handle.h"

namespace zmqnapi {

BeforeWait::BeforeWait(uv_loop_t* loop, std::function<void()> fn) : fn_(std::move(fn)) {
  uv_prepare_t* handle = new uv_prepare_t;
  if (uv_prepare_init(loop, handle) != 0) {
    delete handle;
    return;
  }
  handle->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(handle));
  handle_ = handle;
}

BeforeWait::~BeforeWait() {
  if (handle_ != nullptr) CloseAndFree(handle_);
}

void BeforeWait::Start() {
  if (handle_ == nullptr || active_) return;
  if (uv_prepare_start(handle_, OnPrepare) == 0) active_ = true;
}

void BeforeWait::Stop() {
  if (!active_) return;
  uv_prepare_stop(handle_);
  active_ = false;
}

void BeforeWait::OnPrepare(uv_prepare_t* handle) {
  auto* self = static_cast<BeforeWait*>(handle->data);
  if (self != nullptr) self->fn_();
}

}  // namespace zmqnapi
