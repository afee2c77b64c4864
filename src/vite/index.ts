/** tickflow/vite: the one plugin a user adds to their own vite.config. */
export { tickflow, CROSS_ORIGIN_ISOLATION } from './tickflowPlugin.ts';
