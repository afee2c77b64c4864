/**
 * The house's layering, checked in CI (`npm run lint:deps`). Each rule is one
 * sentence of docs/architecture.md's "Layering" section; the section and this
 * file must say the same.
 */
const CORE = '^src/(loop|ecs|jobs|tasks|assert)/';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (a cycle of type-only imports loads nothing, so it is not one).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-not-view-or-app',
      severity: 'error',
      comment: 'The core runs headless: it never imports the view, the app, three.js or lil-gui.',
      from: { path: CORE },
      to: { path: ['^src/(view|app)/', '^node_modules/(three|lil-gui)/'] },
    },
    {
      name: 'jobs-not-tasks',
      severity: 'error',
      comment: 'Jobs know nothing of coroutines: tasks await jobs through an interface the scene runtime wires up.',
      from: { path: '^src/jobs/' },
      to: { path: '^src/tasks/' },
    },
    {
      name: 'jobs-not-loop',
      severity: 'error',
      comment: 'The scheduler hooks into any loop through its own JobLoop shape; of the loop it knows only the phase names.',
      from: { path: '^src/jobs/' },
      to: { path: '^src/loop/', pathNot: '^src/loop/Phase\\.ts$' },
    },
    { name: 'src-not-workers', severity: 'error', comment: 'src/ never imports workers/; workers/ import src/jobs.', from: { path: '^src/' }, to: { path: '^workers/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs'] },
  },
};
