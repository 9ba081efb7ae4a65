// Lists redrawn on every update keep their elements: one per item, found by
// its key and updated in place. An element rebuilt under the pointer swallows
// a click (pressed on the old button, released on the new), and a rebuilt
// input loses what was being typed in it.

/** Makes `parent`'s children one element per item, in order: an item's element
 * is kept (by `key`) and passed to `update`, a new item's is made by `make`
 * first; elements of items gone, or without a key, are removed. */
export function keyed<T, E extends HTMLElement>(parent: HTMLElement, items: readonly T[], key: (x: T) => string, make: (x: T) => E, update: (el: E, x: T) => void): void {
  const kept = new Map<string, E>();
  for (const el of [...parent.children] as E[]) {
    const k = el.dataset.key;
    if (k === undefined || kept.has(k)) el.remove();
    else kept.set(k, el);
  }
  items.forEach((x, i) => {
    const k = key(x);
    let el = kept.get(k);
    if (el) kept.delete(k);
    else {
      el = make(x);
      el.dataset.key = k;
    }
    update(el, x);
    if (parent.children[i] !== el) parent.insertBefore(el, parent.children[i] ?? null);
  });
  for (const el of kept.values()) el.remove();
}

/** Sets a node's text only when it differs, so an unchanged figure is not redrawn. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
