// Fitting the drawing to its stage: the transform centres the drawing as large as fits, a roomy
// stage gets larger host text than the layout's own caps, nothing lands under the corner controls,
// and a small stage (an iframe) still shows everything.
import { describe, expect, it } from 'vitest';
import { testTopology as topology } from './testTopology';
import { fitLayout, fitTransform, layoutBounds } from './stageFit';
import type { Layout } from './layout';
import type { StageTransform } from './stageFit';

/** The drawing's bounds on screen (stage px). */
function onScreen(layout: Layout, t: StageTransform) {
  const b = layoutBounds(layout);
  return {
    left: b.x * t.k + t.x,
    top: b.y * t.k + t.y,
    right: (b.x + b.w) * t.k + t.x,
    bottom: (b.y + b.h) * t.k + t.y,
  };
}

describe('fitTransform', () => {
  it('scales a 100 x 50 box by 4 into a 400 x 400 area and centres it', () => {
    const t = fitTransform({ x: 10, y: 20, w: 100, h: 50 }, { x: 0, y: 0, w: 400, h: 400 });
    expect(t.k).toBe(4);
    // 400 px wide exactly; 200 px high, centred: 100 px above and below.
    expect(t.x).toBe(-40);
    expect(t.y).toBe(20);
  });

  it('stops at the largest scale allowed', () => {
    const t = fitTransform({ x: 0, y: 0, w: 100, h: 50 }, { x: 0, y: 0, w: 400, h: 400 }, 2);
    expect(t.k).toBe(2);
    expect(t.x).toBe(100);
    expect(t.y).toBe(150);
  });
});

describe('fitLayout', () => {
  it('fills a 1498 x 638 stage (1920x1080) with three hosts in text at least 28 px', () => {
    const { layout, fit } = fitLayout(topology(3), 1498, 638);
    expect(layout.width).toBe(1498);
    expect(layout.height).toBe(638);
    expect(layout.hostDetail).toBe('full');
    // The layout alone caps host text at 17 px: the fit takes it well past that.
    expect(layout.hostFont * fit.k).toBeGreaterThanOrEqual(28);
    const b = onScreen(layout, fit);
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(1498);
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.bottom).toBeLessThanOrEqual(638);
    // Most of the stage: the drawing spans at least 80% of its width or of its height.
    expect(Math.max((b.right - b.left) / 1498, (b.bottom - b.top) / 638)).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps clear of the controls over the top-right corner', () => {
    const corner = { w: 340, h: 48 };
    for (const [w, h] of [
      [858, 278],
      [654, 200],
      [466, 238],
      [1498, 638],
    ] as const) {
      const { layout, fit } = fitLayout(topology(3), w, h, { topRight: corner });
      for (const box of layout.nodes.values()) {
        const left = box.x * fit.k + fit.x;
        const right = (box.x + box.w) * fit.k + fit.x;
        const top = box.y * fit.k + fit.y;
        const underCorner = right > w - corner.w && left < w && top < corner.h;
        expect(underCorner, `${box.node.name} at ${w}x${h}`).toBe(false);
      }
    }
  });

  it('shrinks a drawing that does not fit a 378 x 300 iframe stage, so the switch stays on screen', () => {
    const { layout, fit } = fitLayout(topology(3), 378, 300);
    const b = onScreen(layout, fit);
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(378);
    expect(b.bottom).toBeLessThanOrEqual(300);
    const sw = layout.nodes.get('s')!;
    expect((sw.x + sw.w) * fit.k + fit.x).toBeLessThanOrEqual(378);
  });

  it('lets a larger cap grow 32 hosts no further than 60 px text, and one host no further than the cap', () => {
    const one = fitLayout(topology(1), 1498, 638, { maxHostFontPx: 30 });
    expect(one.layout.hostFont * one.fit.k).toBeLessThanOrEqual(30 + 1e-9);
    const many = fitLayout(topology(32), 858, 278);
    expect(many.layout.hostFont * many.fit.k).toBeGreaterThanOrEqual(10.5);
  });
});
