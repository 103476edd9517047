// The customer portal: branding, language, session and the shared hash router.
import { call, get, observatory, resumeSession, saveToken, whenUnauthorized, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { brand } from '../shared/brand.js';
import { createRouter } from '../shared/router.js';
import { initLanguage, setLanguage, language, t } from './i18n.js';
import { setTimeZone, timeZone } from './format.js';
import { signInView, magicLinkView } from './views/signin.js';
import { ticketListView } from './views/tickets.js';
import { newTicketView } from './views/new-ticket.js';
import { ticketView } from './views/ticket.js';
import { telescopesView, telescopeView } from './views/telescopes.js';
import { articleView } from './views/article.js';
import { errorText } from './views/common.js';

const main = document.getElementById('main');
const embedded = new URLSearchParams(location.search).has('embed');
export const app = { portal: null, me: null, telescopes: null };

// [pattern, (container, match) => cleanup?, options?]: each view draws into the container the router gives it.
const routes = [
  [/^#\/magic\/([^/]+)$/, (view, m) => magicLinkView(view, decodeURIComponent(m[1]), app), { anonymous: true }],
  [/^#\/signin$/, (view) => signInView(view, app), { anonymous: true }],
  [/^#\/new$/, (view) => newTicketView(view, app)],
  [/^#\/tickets\/([A-Za-z0-9-]+)$/, (view, m) => ticketView(view, decodeURIComponent(m[1]), app)],
  [/^#\/telescopes$/, (view) => telescopesView(view, app)],
  [/^#\/telescopes\/([a-z0-9]+)$/, (view, m) => telescopeView(view, m[1], app)],
  [/^#\/kb\/([a-z0-9]+)$/, (view, m) => articleView(view, m[1], app)],
  [/^#?\/?$/, (view) => ticketListView(view, app)],
];

const router = createRouter({
  main,
  routes,
  signedIn: () => !!app.me,
  resume: () => resumeSession(app),
  chrome,
  t,
  errorText,
});

async function boot() {
  if (embedded) document.body.classList.add('embedded');
  try {
    app.portal = (await call('GET', '/portal', { anonymous: true })).body;
  } catch (e) {
    initLanguage('es');
    fill(main, h('p', { class: 'error', role: 'alert' }, e instanceof ApiError && e.status === 404 ? t('notFound') : errorText(e)));
    return;
  }
  document.title = `${t('support')} · ${app.portal.name}`;
  brand(app.portal);
  setTimeZone(app.portal.timeZone);
  initLanguage(app.portal.defaultLanguage);
  const select = document.getElementById('lang-select');
  select.value = language();
  select.addEventListener('change', () => { setLanguage(select.value); chrome(); router.route(); });
  document.getElementById('sign-out').addEventListener('click', signOut);
  whenUnauthorized(() => { app.me = null; chrome(); location.hash = '#/signin'; });
  if (embedded) reportHeight();
  await router.start();
}

/** Header, navigation and footer in the current language, for the current session. */
function chrome() {
  document.title = `${t('support')} · ${app.portal.name}`;
  document.getElementById('skip-link').textContent = t('skip');
  document.getElementById('lang-label').textContent = t('language');
  const signOutButton = document.getElementById('sign-out');
  signOutButton.textContent = t('signOut');
  signOutButton.hidden = !app.me;
  document.getElementById('user-name').textContent = app.me ? app.me.name : '';
  const nav = document.getElementById('site-nav');
  nav.setAttribute('aria-label', t('navLabel'));
  nav.hidden = !app.me;
  const here = location.hash || '#/';
  const link = (href, key, match) => h('a', { href, 'aria-current': match(here) ? 'page' : null }, t(key));
  fill(nav,
    link('#/', 'navTickets', (x) => x === '#/' || x.startsWith('#/tickets')),
    link('#/new', 'navNew', (x) => x === '#/new'),
    link('#/telescopes', 'navTelescopes', (x) => x.startsWith('#/telescopes')));
  fill(document.getElementById('site-footer'), `${app.portal.name} · ${t('timesIn', timeZone())}`);
}

/** Called by the sign-in views once a token is saved. */
export async function signedIn(newToken) {
  saveToken(newToken);
  app.me = await get('/me');
  location.hash = '#/';
}

async function signOut() {
  try { await call('POST', '/auth/logout'); } catch { /* the session is dropped here anyway */ }
  saveToken(null);
  app.me = null;
  app.telescopes = null;
  location.hash = '#/signin';
}

/** Embedded: tell the page around us how tall we are, so its frame can fit us. */
function reportHeight() {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage({ type: 'astroblob:height', observatory, height: document.documentElement.scrollHeight }, '*');
  new ResizeObserver(send).observe(document.body);
  send();
}

boot();
