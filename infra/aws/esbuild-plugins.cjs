// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins).
// Bolt's App requires its Socket Mode receiver at load, which pulls in @slack/socket-mode and
// undici (1.3 MB). Lambda never uses Socket Mode, so the bundles get an empty stand-in that throws
// if it is ever constructed. `kube-triage serve` runs unbundled and keeps the real module.
const stubSocketMode = {
  name: 'stub-slack-socket-mode',
  setup(build) {
    build.onResolve({ filter: /^@slack\/socket-mode$/ }, () => ({
      path: 'socket-mode-stub',
      namespace: 'kube-triage-stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'kube-triage-stub' }, () => ({
      contents:
        "class SocketModeClient { constructor() { throw new Error('Socket Mode is not available on Lambda'); } }\n" +
        'module.exports = { SocketModeClient, LogLevel: { DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error" } };',
      loader: 'js',
    }));
  },
};

module.exports = [stubSocketMode];
