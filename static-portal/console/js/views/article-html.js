// An article's HTML as the server's Markdown renderer wrote it, rebuilt element by element
// through an allow-list. The server already escapes everything it was given; this is the
// second wall: nothing parsed here is adopted into the page, only fresh elements with the
// attributes listed below, so a script, a handler or a javascript: link can never run even if
// the HTML were not what the renderer writes.
import { h } from '../../shared/dom.js';

/** Tag → attributes kept (each checked again below). */
const ALLOWED = {
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  p: [], br: [], hr: [], blockquote: [], pre: [], code: ['class'], em: [], strong: [],
  ul: [], ol: ['start'], li: [],
  a: ['href', 'title'], img: ['src', 'alt', 'title'],
};

/** Dropped with everything inside; any other unknown element is unwrapped (its text kept). */
const DROPPED = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'form', 'textarea', 'select', 'button', 'input', 'link', 'meta', 'base', 'frame', 'frameset']);

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];
const IMAGE_SCHEMES = ['http:', 'https:'];

function absolute(value, schemes) {
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function attribute(tag, name, value) {
  switch (`${tag}.${name}`) {
    case 'a.href': return absolute(value, LINK_SCHEMES);
    case 'img.src': return absolute(value, IMAGE_SCHEMES);
    case 'code.class': return /^language-[A-Za-z0-9_+#.-]{1,40}$/.test(value) ? value : null;
    case 'ol.start': return /^\d{1,9}$/.test(value) ? value : null;
    default: return value.slice(0, 1000); // title, alt: plain attribute text
  }
}

function copyChildren(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(document.createTextNode(node.data));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
    const tag = node.localName;
    if (DROPPED.has(tag)) continue;
    const kept = ALLOWED[tag];
    if (!kept) {
      copyChildren(node, to);
      continue;
    }
    const el = document.createElement(tag);
    for (const name of kept) {
      const raw = node.getAttribute(name);
      const value = raw === null ? null : attribute(tag, name, raw);
      if (value !== null) el.setAttribute(name, value);
    }
    if (tag === 'a') {
      if (!el.hasAttribute('href')) { copyChildren(node, to); continue; }
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (tag === 'img') {
      if (!el.hasAttribute('src')) { to.append(document.createTextNode(node.getAttribute('alt') ?? '')); continue; }
      el.setAttribute('loading', 'lazy');
      el.setAttribute('referrerpolicy', 'no-referrer');
    }
    copyChildren(node, el);
    to.append(el);
  }
  return to;
}

/** A fragment for the article's body. DOMParser documents run no scripts and load nothing. */
export function articleContent(html) {
  const parsed = new DOMParser().parseFromString(String(html ?? ''), 'text/html');
  return copyChildren(parsed.body, h('div', { class: 'kb-rendered' }));
}
