// jsdom as Obsidian's window has it: Electron's renderer also has the encoding and streaming globals that
// jsdom leaves out (TextEncoder, TextDecoder, structuredClone, Response, Headers, …), which the core and its libraries use.
// Use with `/** @jest-environment ./test/support/obsidian-environment.cjs */`.
const { TestEnvironment } = require('jest-environment-jsdom');
const util = require('node:util');

class ObsidianEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    const g = this.global;
    const fill = {
      TextEncoder: util.TextEncoder, TextDecoder: util.TextDecoder, structuredClone, setImmediate, clearImmediate,
      Response, Request, Headers, ReadableStream,
    };
    for (const [name, value] of Object.entries(fill)) if (g[name] === undefined) g[name] = value;
  }
}

module.exports = ObsidianEnvironment;
