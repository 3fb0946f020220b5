// The esbuild options of the Lambda bundles (serverless.yml's custom.esbuild says the same), for the
// bench and the bundle test: `build({ ...require('./bundle-options.cjs'), entryPoints, outfile })`.
module.exports = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*'], // in the Lambda runtime
  plugins: require('./esbuild-plugins.cjs'),
  logLevel: 'silent',
};
