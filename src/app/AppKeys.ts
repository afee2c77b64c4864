/** What the app's keys do. */
export interface AppKeyActions {
  togglePause(): void;
  step(): void;
  reset(): void;
  /** Hide or show the overlays (not the error panel); returns whether they are now hidden. */
  toggleOverlays(): void;
}

/**
 * Bind the app's keys on `window` (Space pause, `.` step, R reset, H hide
 * panels), ignoring keys typed into form fields and chords. Returns the unbinder.
 *
 * @example
 * const unbind = bindAppKeys({ togglePause, step, reset, toggleOverlays });
 */
export function bindAppKeys(actions: AppKeyActions): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.code === 'Space' || e.key === ' ') {
      // Space on a focused GUI button presses that button; do not also toggle pause.
      if (target?.tagName === 'BUTTON') return;
      e.preventDefault();
      actions.togglePause();
    } else if (e.key === '.') {
      actions.step();
    } else if (e.key === 'r' || e.key === 'R') {
      actions.reset();
    } else if (e.key === 'h' || e.key === 'H') {
      actions.toggleOverlays();
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
