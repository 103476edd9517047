// The one way this portal builds DOM: text always goes in as text (textContent / text nodes),
// never as HTML, so anything a person typed shows as typed and never runs.

/**
 * h('a', { href, class: 'x', onclick: fn }, 'text', child)
 * Properties: class, text, dataset, on* listeners, boolean true = empty attribute; null/false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'href' || key === 'src' || key === 'poster') el.setAttribute(key, safeUrl(value));
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Only http(s), relative and blob: (local previews) URLs; anything else (javascript:, data:) becomes inert. */
export function safeUrl(value) {
  const text = String(value);
  if (text.startsWith('#') || text.startsWith('./')) return text;
  try {
    const url = new URL(text, document.baseURI);
    return ['http:', 'https:', 'blob:'].includes(url.protocol) ? url.href : '#';
  } catch {
    return '#';
  }
}

/** A labelled form control: returns { field, input }. */
export function field(id, label, control, hint) {
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return { field: h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl), input: control };
}

export function options(select, items, selected) {
  for (const [value, label] of items) {
    const option = h('option', { value }, label);
    if (value === selected) option.selected = true;
    select.append(option);
  }
  return select;
}
