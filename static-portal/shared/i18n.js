// Spanish first, English second. The choice is remembered in localStorage; before any choice
// the observatory's default language applies. Each site and view registers its own words.
const STORAGE_KEY = 'astroblob.lang';

const dictionaries = { es: {}, en: {} };

/** Adds a site's or a view's words: register({ es: { key: 'texto' }, en: { key: 'text' } }). */
export function register(strings) {
  for (const [lang, words] of Object.entries(strings)) Object.assign(dictionaries[lang] ??= {}, words);
}

let current = 'es';

export const languages = Object.keys(dictionaries);

/** The remembered choice, else the observatory's default, else Spanish. */
export function initLanguage(observatoryDefault) {
  const stored = safeGet(STORAGE_KEY);
  current = dictionaries[stored] ? stored : dictionaries[observatoryDefault] ? observatoryDefault : 'es';
  document.documentElement.lang = current;
  return current;
}

export function setLanguage(lang) {
  if (!dictionaries[lang]) return;
  current = lang;
  document.documentElement.lang = lang;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* storage may be blocked when embedded */ }
}

export function language() { return current; }

/** The text for key; functions are called with args. Unknown keys fall back to Spanish, then the key. */
export function t(key, ...args) {
  const entry = dictionaries[current][key] ?? dictionaries.es[key];
  if (typeof entry === 'function') return entry(...args);
  return entry ?? key;
}

export function has(key) { return key in dictionaries[current]; }

function safeGet(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}
