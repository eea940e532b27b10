# Sourced by the setup scripts: build addons against the running Node's own headers when the
# system has them, so node-gyp never tries to download any.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_api.h ]; then
  export npm_config_nodedir=/usr
fi
