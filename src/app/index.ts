/**
 * The browser shell. `main.ts` is the page entry; these are the pieces, for a
 * custom page or for wiring the job system and coroutine runtime into the panels.
 */
export { App } from './App.ts';
export type { AppDebugHandle, AppSources } from './App.ts';
export { BrowserSceneRegistry } from './BrowserSceneRegistry.ts';
export type { SceneEntry, LoadedScene, ModuleLoaders } from './BrowserSceneRegistry.ts';
export { parseAppUrl, formatAppUrl } from './AppUrl.ts';
export type { AppUrlState } from './AppUrl.ts';
export { ControlPanel } from './ControlPanel.ts';
export type { ControlActions, ControlState } from './ControlPanel.ts';
export { StatsPanel } from './StatsPanel.ts';
export type { StatsSnapshot } from './StatsPanel.ts';
export { JobTimelineStrip, jobMilliseconds } from './JobTimelineStrip.ts';
export type { JobSpan, FrameJobTimeline, JobTimelineSource } from './JobTimelineStrip.ts';
export { TaskTrackerPanel } from './TaskTrackerPanel.ts';
export type { TaskTrackerSnapshot, TaskLeakRow, TaskTrackerSource } from './TaskTrackerPanel.ts';
export { ErrorPanel, originOf } from './ErrorPanel.ts';
export type { ErrorOrigin, ShownError } from './ErrorPanel.ts';
export { MountPointError, SceneModuleError, AppUrlError } from './errors.ts';
