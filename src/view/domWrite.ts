// Writes to the d3-drawn SVG (topology, charts) that skip values already there. The browser queues a
// mutation record and re-styles an element for every write, even of the value it already has: at the
// app's top load rewriting unchanged attributes was most of the drawing's DOM work (issue 15).
import type { BaseType, Selection } from 'd3-selection';

type Value = string | number | boolean | null | undefined;
/** A constant, or a value per element from its datum and index (as d3's `attr` takes). */
type ValueOf<D> = Value | ((this: Element, d: D, i: number) => Value);

/** Sets attribute `name` to `value` (null or undefined removes it), unless it already reads so. */
export function setAttr(el: Element, name: string, value: Value): void {
  if (value === null || value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const text = String(value);
  if (el.getAttribute(name) !== text) el.setAttribute(name, text);
}

/**
 * Sets the element's text, unless it already reads so. An element holding one text node keeps it
 * (one characterData change rather than a node removed and another added).
 */
export function setText(el: Element, value: Value): void {
  const text = value === null || value === undefined ? '' : String(value);
  if (el.textContent === text) return;
  const only = el.firstChild;
  if (only && only === el.lastChild && only.nodeType === 3) (only as Text).data = text;
  else el.textContent = text;
}

/** Adds or removes class `name`, unless the element already has it or lacks it. */
export function setClass(el: Element, name: string, on: boolean): void {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** Sets inline style property `name` (null removes it), unless it already reads so. */
export function setStyle(el: Element, name: string, value: Value): void {
  const style = (el as Element & ElementCSSInlineStyle).style;
  if (value === null || value === undefined) {
    if (style.getPropertyValue(name) !== '') style.removeProperty(name);
    return;
  }
  const text = String(value);
  if (style.getPropertyValue(name) !== text) style.setProperty(name, text);
}

/** d3's `attr`, `text`, `classed` and `style`, writing only what differs (chainable like d3's). */
export interface Changes<E extends BaseType, D> {
  attr(name: string, value: ValueOf<D>): Changes<E, D>;
  text(value: ValueOf<D>): Changes<E, D>;
  classed(name: string, on: boolean | ((this: Element, d: D, i: number) => boolean)): Changes<E, D>;
  style(name: string, value: ValueOf<D>): Changes<E, D>;
  /** The selection itself, to go on with d3. */
  selection: Selection<E, D, BaseType, unknown>;
}

// The selection's parent types do not matter here: only its elements and data are read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function changes<E extends BaseType, D>(selection: Selection<E, D, any, any>): Changes<E, D> {
  const each = (write: (el: Element, d: D, i: number) => void) => {
    selection.each(function (d, i) {
      write(this as unknown as Element, d, i);
    });
    return api;
  };
  const valueOf = <T>(value: T | ((this: Element, d: D, i: number) => T), el: Element, d: D, i: number): T =>
    typeof value === 'function' ? (value as (this: Element, d: D, i: number) => T).call(el, d, i) : value;
  const api: Changes<E, D> = {
    attr: (name, value) => each((el, d, i) => setAttr(el, name, valueOf(value, el, d, i))),
    text: (value) => each((el, d, i) => setText(el, valueOf(value, el, d, i))),
    classed: (name, on) => each((el, d, i) => setClass(el, name, valueOf(on, el, d, i))),
    style: (name, value) => each((el, d, i) => setStyle(el, name, valueOf(value, el, d, i))),
    selection,
  };
  return api;
}
