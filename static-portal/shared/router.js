// The hash router both sites use: a table of routes matched by pattern, a sign-in guard, and a
// container of its own for each navigation, so that a view still loading when the person has
// already moved on can never paint over the page opened after it.
import { ApiError } from './api.js';
import { h, fill } from './dom.js';

/**
 * createRouter(site) → { start, route }
 *
 * site.main      the element pages are drawn into.
 * site.routes    [pattern, view, options?]; the first pattern matching location.hash wins.
 *                view(container, match, context) draws into its container and may return (or
 *                resolve to) a function that stops its timers once the person leaves.
 *                options.anonymous: no session needed; other options are read by site.refuse.
 * site.context   handed to every view as its third argument.
 * site.home      where unknown addresses and signed-in visits to the sign-in page go ('#/').
 * site.signIn    where a person without a session is sent ('#/signin').
 * site.signedIn  () => whether the site knows who is signed in.
 * site.resume    async () => restores the session from a saved token; false when there is none.
 * site.chrome    () => redraws header and navigation for the session, language and address.
 * site.refuse    (options) => words shown instead of a view the person may not open, else null.
 * site.t         the site's words: 'loading' and 'notFound' are used here.
 * site.errorText (error) => the words for a failure.
 *
 * start() listens to address changes and draws the current one; route() draws the current
 * address again (e.g. after the language changed).
 */
export function createRouter(site) {
  const { main, routes, context, home = '#/', signIn = '#/signin' } = site;
  let cleanup = null;
  // Which navigation is the current one: every call of route() takes the next number, and
  // whatever an older one finishes afterwards is dropped.
  let navigation = 0;

  const alert = (text) => h('p', { class: 'error', role: 'alert' }, text);

  async function route() {
    const current = ++navigation;
    if (cleanup) { cleanup(); cleanup = null; }
    const hash = location.hash || home;
    const found = routes.map(([pattern, view, options]) => [hash.match(pattern), view, options ?? {}]).find(([m]) => m);
    if (!found) { location.hash = home; return; }
    const [match, view, options] = found;
    if (!options.anonymous && !site.signedIn()) {
      let resumed;
      try {
        resumed = await site.resume();
      } catch (e) {
        // A refused token has already sent the person to sign in (see whenUnauthorized).
        if (current === navigation && !(e instanceof ApiError && e.status === 401)) fill(main, alert(site.errorText(e)));
        return;
      }
      if (current !== navigation) return;
      if (!resumed) { site.chrome(); location.hash = signIn; return; }
    }
    if (options.anonymous && site.signedIn() && hash === signIn) { location.hash = home; return; }
    site.chrome();
    const refusal = site.refuse?.(options);
    if (refusal) { fill(main, alert(refusal)); return; }

    // The container is the page while this navigation is the current one; a newer navigation
    // replaces it, so a view that goes on loading draws into an element no longer on the page.
    const container = h('div', { class: 'view' }, h('p', { class: 'loading' }, site.t('loading')));
    fill(main, container);
    try {
      const stop = (await view(container, match, context)) ?? null;
      if (current === navigation) {
        cleanup = stop;
      } else {
        stop?.();
        container.remove();
      }
    } catch (e) {
      if (current === navigation) fill(container, alert(e instanceof ApiError && e.status === 404 ? site.t('notFound') : site.errorText(e)));
      else container.remove();
    }
  }

  function start() {
    window.addEventListener('hashchange', route);
    return route();
  }

  return { start, route };
}
