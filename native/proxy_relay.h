// The relay between a user's control socket and the binding's own (see proxy_run.h).
#pragma once

namespace zmqnapi {

// Passes the commands read from `user` (PAUSE, RESUME, TERMINATE, STATISTICS) to the proxy
// through `proxy_side`, STATISTICS' reply back to `user`, and TERMINATE from `stop` (the
// binding's) to the proxy, until the proxy reports its end on `proxy_side` (0). Anything
// else on `user`, or a failure on it, ends the proxy, and that errno is returned: EINVAL
// for a message that is no command (libzmq 4.3.4 would abort the process on it).
int RelayCommands(void* user, void* proxy_side, void* stop);

// What the proxy's thread sends on its control socket once the proxy returned: the relay's
// cue to stop. An empty frame, which no reply of the proxy's ever is.
void ReportProxyEnd(void* control);

}  // namespace zmqnapi
