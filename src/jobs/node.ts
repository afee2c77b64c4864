/** tickflow/jobs/node: the piscina thread host (Node only). */
export { NodeThreadHost } from './NodeThreadHost.ts';
export type { NodeThreadHostOptions } from './NodeThreadHost.ts';
