// Jest transform: esbuild turns TypeScript and the ESM-only remark/unified packages into CommonJS.
// Type checking is `npm run typecheck`'s job; this only has to be fast on a 2-core machine.
const { transformSync } = require('esbuild');
const crypto = require('node:crypto');

module.exports = {
  process(source, filename) {
    const loader = filename.endsWith('.ts') ? 'ts' : 'js';
    const out = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      supported: { 'dynamic-import': false },
    });
    return { code: out.code };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update('v1\0').update(filename).update('\0').update(source).digest('hex');
  },
};
