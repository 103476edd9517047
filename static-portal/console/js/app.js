// The staff console: branding, language, staff session and the shared hash router. Each view
// module exports its routes: [pattern, (main, match, app) => cleanup?, { admin?: true }].
import { call, get, resumeSession, saveToken, whenUnauthorized, ApiError } from '../shared/api.js';
import { h, fill } from '../shared/dom.js';
import { brand } from '../shared/brand.js';
import { setTimeZone } from '../shared/format.js';
import { createRouter } from '../shared/router.js';
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

const routes = [
  [/^#\/signin$/, (main) => signInView(main), { anonymous: true }],
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

const router = createRouter({
  main,
  routes,
  context: app,
  signedIn: () => !!app.me,
  resume: () => resumeSession(app),
  chrome,
  refuse: (options) => (options.admin && !isAdmin() ? t('adminOnly') : null),
  t,
  errorText,
});

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
  select.addEventListener('change', () => { setLanguage(select.value); router.route(); });
  document.getElementById('sign-out').addEventListener('click', signOut);
  whenUnauthorized(() => { app.me = null; chrome(); location.hash = '#/signin'; });
  await router.start();
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
