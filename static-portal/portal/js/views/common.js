// The portal's view helpers; the ones both sites share live in shared/feedback.js.
export { errorText, alertBox, showError, announce, heading } from '../../shared/feedback.js';

/** Telescopes of the signed-in customer, read once per session. */
export async function myTelescopes(app, get) {
  if (!app.telescopes) app.telescopes = await get('/telescopes');
  return app.telescopes;
}
