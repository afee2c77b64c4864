import type { ViewOf } from '../../src/scene/defineScene.ts';
import { marksView, type Rgb } from '../../src/view/marksView.ts';
import type predators from './index.ts';

const RESTING: Rgb = [0.6, 0.5, 0.5];
const HUNTING: Rgb = [1, 0.25, 0.2];

/** Carcasses dark, prey green, hunters red (grey while digesting), seen from above. */
export default marksView<ViewOf<typeof predators>>(({ Position, Hunter, prey, hunters, carcasses, size }) => ({
  x: Position.x,
  y: Position.y,
  size,
  layers: [
    { of: carcasses, scale: 0.4, color: [0.25, 0.2, 0.2] },
    { of: prey, scale: 0.5, color: [0.3, 0.85, 0.4] },
    { of: hunters, scale: 1.6, color: (e) => (Hunter.resting[e] ? RESTING : HUNTING) },
  ],
}));
