// The drawing's writes skip values already there: each write the browser sees is a real change.
import { describe, expect, it } from 'vitest';
import { setAttr, setClass, setStyle, setText } from './domWrite';

/** Just enough of an element to count the writes that reach it. */
function fakeElement() {
  const attrs = new Map<string, string>();
  const classes = new Set<string>();
  const style = new Map<string, string>();
  const writes: string[] = [];
  const text = { nodeType: 3, data: '' };
  const el = {
    writes,
    hasAttribute: (n: string) => attrs.has(n),
    getAttribute: (n: string) => attrs.get(n) ?? null,
    setAttribute: (n: string, v: string) => (writes.push(`attr ${n}`), attrs.set(n, v)),
    removeAttribute: (n: string) => (writes.push(`remove ${n}`), attrs.delete(n)),
    classList: {
      contains: (n: string) => classes.has(n),
      toggle: (n: string, on: boolean) => (
        writes.push(`class ${n}`),
        on ? classes.add(n) : classes.delete(n)
      ),
    },
    style: {
      getPropertyValue: (n: string) => style.get(n) ?? '',
      setProperty: (n: string, v: string) => (writes.push(`style ${n}`), style.set(n, v)),
      removeProperty: (n: string) => (writes.push(`unstyle ${n}`), style.delete(n)),
    },
    firstChild: text as { nodeType: number; data: string } | null,
    lastChild: text as { nodeType: number; data: string } | null,
    get textContent() {
      return this.firstChild?.data ?? '';
    },
    set textContent(v: string) {
      writes.push('textContent');
      this.firstChild = this.lastChild = { nodeType: 3, data: v };
    },
  };
  return el as typeof el & Element;
}

describe('domWrite', () => {
  it('writes an attribute only when its value changes, and removes it for null', () => {
    const el = fakeElement();
    setAttr(el, 'x', 10);
    setAttr(el, 'x', '10');
    setAttr(el, 'x', 11);
    setAttr(el, 'display', null);
    setAttr(el, 'x', null);
    expect(el.writes).toEqual(['attr x', 'attr x', 'remove x']);
  });

  it('changes text in its text node, and only when it differs', () => {
    const el = fakeElement();
    setText(el, 'served 1');
    setText(el, 'served 1');
    setText(el, 'served 2');
    expect(el.textContent).toBe('served 2');
    // The text node's data changed in place: no node replaced.
    expect(el.writes).toEqual([]);
  });

  it('toggles a class and sets a style only when they differ', () => {
    const el = fakeElement();
    setClass(el, 'selected', false);
    setClass(el, 'selected', true);
    setClass(el, 'selected', true);
    setStyle(el, 'font-size', '14px');
    setStyle(el, 'font-size', '14px');
    expect(el.writes).toEqual(['class selected', 'style font-size']);
  });
});
