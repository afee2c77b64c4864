/** tickflow/vite: the one plugin a user adds to their own vite.config, and the app `tickflow dev` / `build` serve. */
export { tickflow, CROSS_ORIGIN_ISOLATION } from './tickflowPlugin.ts';
export type { TickflowPluginOptions } from './tickflowPlugin.ts';
export { tickflowApp } from './tickflowApp.ts';
