// The staff console: branding, language, staff session and a hash router. Each view module
// exports its routes: [pattern, (main, match, app) => cleanup?, { admin?: true }].
import { call, get, saveToken, token, whenUnauthorized, ApiError } from '../shared/api.js';
import { h, fill } from '../shared/dom.js';
import { brand } from '../shared/brand.js';
import { setTimeZone } from '../shared/format.js';
import { initLanguage, setLanguage, language, t } from './i18n.js';
import { errorText } from './common.js';
import { signInView } from './views/signin.js';
import * as queues from './views/queues.js';
import * as ticket from './views/ticket.js';
import * as telescopes from './views/telescopes.js';
import * as knowledge from './views/knowledge.js';
import * as tasks from './views/tasks.js';
import * as reports from './views/reports.js';
import * as settings from './views/settings.js';

const main = document.getElementById('main');
/** What every view may read: the observatory's public settings and the signed-in person. */
export const app = { portal: null, me: null };
let cleanup = null;
// Which navigation is the current one (see route).
let navigation = 0;

const routes = [
  [/^#\/signin$/, () => signInView(main), { anonymous: true }],
  ...ticket.routes,
  ...telescopes.routes,
  ...knowledge.routes,
  ...tasks.routes,
  ...reports.routes,
  ...settings.routes,
  ...queues.routes,
];

const nav = [
  ['#/', 'nav.queues', (x) => x === '#/' || x.startsWith('#/q/') || x.startsWith('#/tickets')],
  ['#/telescopes', 'nav.telescopes', (x) => x.startsWith('#/telescopes')],
  ['#/kb', 'nav.knowledge', (x) => x.startsWith('#/kb')],
  ['#/tasks', 'nav.tasks', (x) => x.startsWith('#/tasks')],
  ['#/reports', 'nav.reports', (x) => x.startsWith('#/reports'), { admin: true }],
  ['#/settings', 'nav.settings', (x) => x.startsWith('#/settings'), { admin: true }],
];

export const isAdmin = () => app.me?.role === 'admin';

async function boot() {
  try {
    app.portal = (await call('GET', '/portal', { anonymous: true })).body;
  } catch (e) {
    initLanguage('es');
    fill(main, h('p', { class: 'error', role: 'alert' }, e instanceof ApiError && e.status === 404 ? t('notFound') : errorText(e)));
    return;
  }
  brand(app.portal);
  setTimeZone(app.portal.timeZone);
  initLanguage(app.portal.defaultLanguage);
  const select = document.getElementById('lang-select');
  select.value = language();
  select.addEventListener('change', () => { setLanguage(select.value); route(); });
  document.getElementById('sign-out').addEventListener('click', signOut);
  whenUnauthorized(() => { app.me = null; chrome(); location.hash = '#/signin'; });
  window.addEventListener('hashchange', route);
  await route();
}

function chrome() {
  document.title = `${t('console')} · ${app.portal.name}`;
  document.getElementById('skip-link').textContent = t('skip');
  document.getElementById('lang-label').textContent = t('language');
  const signOutButton = document.getElementById('sign-out');
  signOutButton.textContent = t('signOut');
  signOutButton.hidden = !app.me;
  document.getElementById('user-name').textContent = app.me ? `${app.me.name} · ${t(`role.${app.me.role}`)}` : '';
  const bar = document.getElementById('site-nav');
  bar.setAttribute('aria-label', t('navLabel'));
  bar.hidden = !app.me;
  const here = location.hash || '#/';
  fill(bar, nav
    .filter(([, , , options]) => !options?.admin || isAdmin())
    .map(([href, key, match]) => h('a', { href, 'aria-current': match(here) ? 'page' : null }, t(key))));
}

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  const hash = location.hash || '#/';
  const match = routes.map(([pattern, view, options]) => [hash.match(pattern), view, options ?? {}]).find(([m]) => m);
  if (!match) { location.hash = '#/'; return; }
  const [m, view, options] = match;
  if (!options.anonymous && !app.me) {
    if (!token()) { chrome(); location.hash = '#/signin'; if (hash === '#/signin') await route(); return; }
    try {
      app.me = await get('/me');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) fill(main, h('p', { class: 'error', role: 'alert' }, errorText(e)));
      return;
    }
  }
  if (options.anonymous && app.me && hash === '#/signin') { location.hash = '#/'; return; }
  chrome();
  if (options.admin && !isAdmin()) {
    navigation++;
    fill(main, h('p', { class: 'error', role: 'alert' }, t('adminOnly')));
    return;
  }
  // Each navigation draws into a container of its own: a view still loading when the person has
  // already moved on draws into a detached element, and its polling is stopped as soon as it returns.
  const current = ++navigation;
  const container = h('div', { class: 'view' }, h('p', { class: 'loading' }, t('loading')));
  fill(main, container);
  try {
    const stop = (await view(container, m, app)) ?? null;
    if (current === navigation) cleanup = stop;
    else stop?.();
  } catch (e) {
    if (current === navigation) {
      fill(container, h('p', { class: 'error', role: 'alert' }, e instanceof ApiError && e.status === 404 ? t('notFound') : errorText(e)));
    }
  }
}

/** Called by the sign-in view once the API accepted the password; customers are sent to the portal. */
export async function signedIn(newToken, user) {
  if (user.role === 'customer') {
    try { await call('POST', '/auth/logout', { headers: { Authorization: `Bearer ${newToken}` }, anonymous: true }); } catch { /* it expires anyway */ }
    return false;
  }
  saveToken(newToken);
  app.me = await get('/me');
  location.hash = '#/';
  return true;
}

async function signOut() {
  try { await call('POST', '/auth/logout'); } catch { /* the session is dropped here anyway */ }
  saveToken(null);
  app.me = null;
  location.hash = '#/signin';
}

boot();
