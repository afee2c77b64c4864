import { createServer as createNetServer } from 'node:net';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of `vite preview` serving the fresh production build. */
    baseUrl: string;
  }
}

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Build the app once, serve dist-app/ with the same headers users get, stop it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = performance.now();
  await build({ logLevel: 'warn' });
  const port = await freePort();
  const server: PreviewServer = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true } });
  const baseUrl = `http://127.0.0.1:${port}/`;
  project.provide('baseUrl', baseUrl);
  console.log(`[e2e] built and serving ${baseUrl} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return async () => {
    await server.close();
  };
}
