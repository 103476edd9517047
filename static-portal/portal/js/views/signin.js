import { call } from '../api.js';
import { h, fill, field } from '../dom.js';
import { t } from '../i18n.js';
import { alertBox, showError, heading } from './common.js';
import { signedIn } from '../app.js';

export function signInView(main, app) {
  const email = field('signin-email', t('email'), h('input', { type: 'email', autocomplete: 'username', required: true }));
  const password = field('signin-password', t('password'), h('input', { type: 'password', autocomplete: 'current-password', required: true }));
  const error = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', { class: 'stack', id: 'signin-form', novalidate: false }, email.field, password.field, error, h('div', {}, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const { body } = await call('POST', '/auth/login', { body: { email: email.input.value, password: password.input.value }, anonymous: true });
      await signedIn(body.token);
    } catch (e) {
      showError(error, e);
      submit.disabled = false;
    }
  });

  const magicEmail = field('magic-email', t('email'), h('input', { type: 'email', autocomplete: 'email', required: true }));
  const magicError = alertBox();
  const magicDone = h('p', { class: 'notice', role: 'status', hidden: true });
  const magicSubmit = h('button', { type: 'submit', class: 'secondary' }, t('sendMagic'));
  const magic = h('form', { class: 'stack', id: 'magic-form' }, h('p', {}, t('orMagic')), magicEmail.field, magicError, magicDone, h('div', {}, magicSubmit));
  magic.addEventListener('submit', async (event) => {
    event.preventDefault();
    magicSubmit.disabled = true;
    magicError.hidden = true;
    try {
      await call('POST', '/auth/magic-link', { body: { email: magicEmail.input.value }, anonymous: true });
      magicDone.textContent = t('magicSent');
      magicDone.hidden = false;
    } catch (e) {
      showError(magicError, e);
    } finally {
      magicSubmit.disabled = false;
    }
  });

  fill(main,
    heading(t('signInTitle')),
    h('section', { class: 'panel', 'aria-labelledby': 'signin-heading' }, h('h2', { id: 'signin-heading', class: 'visually-hidden' }, t('signIn')), form),
    h('section', { class: 'panel', 'aria-labelledby': 'magic-heading' }, h('h2', { id: 'magic-heading' }, t('sendMagic')), magic));
  email.input.focus();
}

export async function magicLinkView(main, magicToken) {
  const error = alertBox();
  fill(main, heading(t('signInTitle')), h('p', { class: 'loading' }, t('magicRedeeming')), error);
  try {
    const { body } = await call('POST', '/auth/magic-link/redeem', { body: { token: magicToken }, anonymous: true });
    // The single-use token must not stay in the address bar or the history.
    history.replaceState(null, '', location.pathname + location.search);
    await signedIn(body.token);
  } catch (e) {
    fill(main, heading(t('signInTitle')), error, h('p', {}, h('a', { href: '#/signin' }, t('signIn'))));
    showError(error, e);
  }
}
