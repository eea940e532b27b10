#include "uv_poll_handle.h"

#include "uv_handle.h"

namespace zmqnapi {

UvPollHandle::UvPollHandle(uv_loop_t* loop, int fd, std::function<void(int)> on_ready)
    : on_ready_(std::move(on_ready)) {
  uv_poll_t* handle = new uv_poll_t;
  if (uv_poll_init(loop, handle, fd) != 0) {
    delete handle;
    return;
  }
  handle->data = this;
  handle_ = handle;
}

UvPollHandle::~UvPollHandle() {
  if (handle_ != nullptr) CloseAndFree(handle_);
}

void UvPollHandle::Start(int uv_events, bool keep_alive) {
  if (handle_ == nullptr) return;
  // Restarting an active poll would queue an epoll_ctl for nothing.
  if (!active_ || events_ != uv_events) {
    if (uv_poll_start(handle_, uv_events, OnPoll) == 0) {
      active_ = true;
      events_ = uv_events;
    }
  }
  uv_handle_t* handle = reinterpret_cast<uv_handle_t*>(handle_);
  if (keep_alive) {
    uv_ref(handle);
  } else {
    uv_unref(handle);
  }
}

void UvPollHandle::Stop() {
  if (!active_) return;
  uv_poll_stop(handle_);
  active_ = false;
}

void UvPollHandle::Unref() {
  if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
}

void UvPollHandle::OnPoll(uv_poll_t* handle, int status, int events) {
  // On an error status we still call back: the owner's own check is the truth.
  auto* self = static_cast<UvPollHandle*>(handle->data);
  if (self != nullptr) self->on_ready_(status < 0 ? 0 : events);
}

}  // namespace zmqnapi
