import { call } from '../../shared/api.js';
import { h, fill, field } from '../../shared/dom.js';
import { t } from '../i18n.js';
import { alertBox, showError, heading } from '../common.js';
import { signedIn } from '../app.js';

/** Staff sign in with e-mail and password; a customer's account is turned away to the portal. */
export function signInView(main) {
  const email = field('signin-email', t('email'), h('input', { type: 'email', autocomplete: 'username', required: true }));
  const password = field('signin-password', t('password'), h('input', { type: 'password', autocomplete: 'current-password', required: true }));
  const error = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', { class: 'stack', id: 'signin-form' }, email.field, password.field, error, h('div', {}, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const { body } = await call('POST', '/auth/login', { body: { email: email.input.value, password: password.input.value }, anonymous: true });
      if (!(await signedIn(body.token, body.user))) {
        fill(error, t('staffOnly'), ' ', h('a', { href: location.pathname.replace('/console/', '/portal/') }, t('goToPortal')));
        error.hidden = false;
      }
    } catch (e) {
      showError(error, e);
    } finally {
      submit.disabled = false;
    }
  });
  fill(main, heading(t('signInTitle')), h('section', { class: 'panel narrow' }, form));
  email.input.focus();
}
