{
  # `node-gyp rebuild -- -Dsanitize=1` (scripts/sanitize.sh): the addon with AddressSanitizer
  # and UndefinedBehaviorSanitizer, for running the tests with libasan preloaded into node.
  # zmq_napi_libzmq, set by scripts/prebuild.sh (npm_config_zmq_napi_libzmq=<prefix>): the
  # static libzmq that scripts/build-libzmq.sh installed there is linked in, with every symbol
  # but Node-API's entry points hidden; builds from source link the system's libzmq, found by
  # pkg-config, as usual.
  "variables": { "sanitize%": "0", "zmq_napi_libzmq%": "" },
  "targets": [
    {
      "target_name": "zmq_napi",
      "sources": [
        "native/module.cc",
        "native/teardown.cc",
        "native/fd_poll.cc",
        "native/proxy.cc",
        "native/proxy_relay.cc",
        "native/proxy_run.cc",
        "native/library.cc",
        "native/context.cc",
        "native/socket.cc",
        "native/socket_options.cc",
        "native/socket_recv.cc",
        "native/socket_send.cc",
        "native/socket_sync.cc",
        "native/socket_watch.cc",
        "native/socket_draft.cc",
        "native/thread_safe_signal.cc",
        "native/message.cc",
        "native/message_draft.cc",
        "native/frames.cc",
        "native/recv_arena.cc",
        "native/send_blocks.cc",
        "native/zap_refuser.cc",
        "native/inproc_pending.cc",
        "native/thread_scheduling.cc",
        "native/util/before_wait.cc",
        "native/util/call_from_loop.cc",
        "native/util/errors.cc",
        "native/util/uv_poll_handle.cc",
        "native/util/thread_task.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node scripts/constants.mjs --cxx)"
      ],
      # NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: an error raised while a Worker is torn down
      # cannot be thrown into JavaScript; node-addon-api would abort the process instead.
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED",
                  "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra"],
      "conditions": [
        ["zmq_napi_libzmq==''", {
          "cflags_cc": ["<!@(node scripts/find-libzmq.mjs --cflags)"],
          "libraries": ["<!@(node scripts/find-libzmq.mjs --libs)"],
          "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<!@(node scripts/find-libzmq.mjs --cflags)"] }
        }, {
          "cflags_cc": ["<!@(node scripts/static-libzmq.mjs --cflags <(zmq_napi_libzmq))"],
          "libraries": ["<!@(node scripts/static-libzmq.mjs --libs <(zmq_napi_libzmq))"],
          "ldflags": ["-Wl,--exclude-libs,ALL", "-Wl,--version-script=<(module_root_dir)/scripts/addon-exports.map"]
        }],
        ["sanitize==1", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer", "-g"],
          "ldflags": ["-fsanitize=address,undefined"]
        }]
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17"
      }
    }
  ]
}
