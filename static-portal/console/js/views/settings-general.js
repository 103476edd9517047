// Settings: branding and logo, the embedded portal, attachment limits, inbound e-mail, work rates.
import { get, put, post, patch, url } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { setTimeZone } from '../../shared/format.js';
import { t } from '../i18n.js';
import { app } from '../app.js';
import { brand } from '../../shared/brand.js';
import { saveForm, section, checkbox, sendRaw, number } from './admin-kit.js';

register({
  es: {
    'set.name': 'Nombre del observatorio',
    'set.primary': 'Color principal',
    'set.accent': 'Color de acento',
    'set.language': 'Idioma por defecto',
    'set.timeZone': 'Zona horaria',
    'set.timeZone.hint': 'Zona IANA, p. ej. Atlantic/Canary. Fechas, informes y plazos se calculan en ella.',
    'set.defaultPriority': 'Prioridad por defecto de los tickets nuevos',
    'set.prefix': (p) => `Prefijo de los tickets: ${p}`,
    'set.logo': 'Logotipo',
    'set.logo.current': 'Logotipo actual',
    'set.logo.none': 'Sin logotipo.',
    'set.logo.file': 'Imagen nueva (PNG, JPEG o WebP, máx. 1 MB)',
    'set.logo.upload': 'Subir logotipo',
    'set.logo.remove': 'Quitar logotipo',
    'set.logo.done': 'Logotipo actualizado.',
    'set.logo.removed': 'Logotipo quitado.',
    'set.logo.pick': 'Elige una imagen primero.',
    'set.embed.origins': 'Orígenes autorizados',
    'set.embed.origins.hint': 'Un origen por línea (esquema y dominio), p. ej. https://www.observatorio.example. Solo estos sitios pueden mostrar el portal.',
    'set.embed.url': 'Dirección del portal',
    'set.embed.script': 'Fragmento con script (recomendado)',
    'set.embed.iframe': 'Fragmento con iframe',
    'set.embed.copy': 'Copiar',
    'set.embed.copied': 'Copiado al portapapeles.',
    'set.att.image': 'Imágenes: tamaño máximo (MB)',
    'set.att.video': 'Vídeos: tamaño máximo (MB)',
    'set.att.document': 'Documentos: tamaño máximo (MB)',
    'set.att.hint': 'Entre 1 KB y 200 MB (imágenes), 4000 MB (vídeos) o 1000 MB (documentos).',
    'set.mail.unplaced': 'Correo que no se puede asignar a un ticket',
    'set.mail.hold': 'Retenerlo para revisión',
    'set.mail.reject': 'Rechazarlo',
    'set.mail.open': 'Un correo de un cliente conocido que no responde a ningún ticket abre uno nuevo',
    'set.mail.address': 'Dirección del webhook de entrada',
    'set.mail.secret': 'Secreto del webhook de entrada',
    'set.mail.hasSecret': 'Hay un secreto configurado. Generar uno nuevo invalida el anterior.',
    'set.mail.noSecret': 'No hay secreto: el webhook rechaza todo el correo entrante.',
    'set.mail.rotate': 'Generar secreto nuevo',
    'set.mail.shown': 'Copia este secreto ahora: no se volverá a mostrar.',
    'set.mail.header': (name) => `Envíalo en la cabecera ${name}.`,
    'set.work.currency': 'Moneda (código ISO, p. ej. EUR)',
    'set.work.rate': 'Tarifa por hora por defecto',
    'set.work.rate.hint': 'Vacío: el tiempo no tiene importe hasta que alguien le pone tarifa. Las entradas ya hechas conservan la suya.',
  },
  en: {
    'set.name': 'Observatory name',
    'set.primary': 'Primary colour',
    'set.accent': 'Accent colour',
    'set.language': 'Default language',
    'set.timeZone': 'Time zone',
    'set.timeZone.hint': 'IANA zone, e.g. Atlantic/Canary. Dates, reports and deadlines are reckoned in it.',
    'set.defaultPriority': 'Default priority of new tickets',
    'set.prefix': (p) => `Ticket prefix: ${p}`,
    'set.logo': 'Logo',
    'set.logo.current': 'Current logo',
    'set.logo.none': 'No logo.',
    'set.logo.file': 'New image (PNG, JPEG or WebP, at most 1 MB)',
    'set.logo.upload': 'Upload logo',
    'set.logo.remove': 'Remove logo',
    'set.logo.done': 'Logo updated.',
    'set.logo.removed': 'Logo removed.',
    'set.logo.pick': 'Choose an image first.',
    'set.embed.origins': 'Allowed origins',
    'set.embed.origins.hint': 'One origin per line (scheme and host), e.g. https://www.observatory.example. Only these sites may show the portal.',
    'set.embed.url': 'Portal address',
    'set.embed.script': 'Script snippet (recommended)',
    'set.embed.iframe': 'Iframe snippet',
    'set.embed.copy': 'Copy',
    'set.embed.copied': 'Copied to the clipboard.',
    'set.att.image': 'Images: maximum size (MB)',
    'set.att.video': 'Videos: maximum size (MB)',
    'set.att.document': 'Documents: maximum size (MB)',
    'set.att.hint': 'Between 1 KB and 200 MB (images), 4000 MB (videos) or 1000 MB (documents).',
    'set.mail.unplaced': 'Mail that cannot be placed on a ticket',
    'set.mail.hold': 'Hold it for review',
    'set.mail.reject': 'Reject it',
    'set.mail.open': 'Mail from a known customer that answers no ticket opens a new one',
    'set.mail.address': 'Inbound webhook address',
    'set.mail.secret': 'Inbound webhook secret',
    'set.mail.hasSecret': 'A secret is set. Creating a new one invalidates the old one.',
    'set.mail.noSecret': 'No secret: the webhook refuses all inbound mail.',
    'set.mail.rotate': 'Create a new secret',
    'set.mail.shown': 'Copy this secret now: it will not be shown again.',
    'set.mail.header': (name) => `Send it in the ${name} header.`,
    'set.work.currency': 'Currency (ISO code, e.g. EUR)',
    'set.work.rate': 'Default hourly rate',
    'set.work.rate.hint': 'Empty: time has no amount until someone prices it. Entries already made keep theirs.',
  },
});

const MB = 1024 * 1024;

/** Puts the observatory's new public branding into the header and app.portal. */
function rebrand(settings) {
  Object.assign(app.portal, {
    name: settings.name, logoUrl: settings.logoUrl, primaryColor: settings.primaryColor, accentColor: settings.accentColor,
    defaultLanguage: settings.defaultLanguage, timeZone: settings.timeZone,
  });
  brand(app.portal);
  setTimeZone(settings.timeZone);
}

export async function branding(body) {
  const s = await get('/settings');
  const name = field('set-name', t('set.name'), h('input', { type: 'text', value: s.name, required: true, maxlength: 200 }));
  const primary = field('set-primary', t('set.primary'), h('input', { type: 'color', value: s.primaryColor, 'data-field': 'primaryColor' }));
  const accent = field('set-accent', t('set.accent'), h('input', { type: 'color', value: s.accentColor, 'data-field': 'accentColor' }));
  const language = field('set-language', t('set.language'), options(h('select', { 'data-field': 'defaultLanguage' }), [['es', 'Español'], ['en', 'English']], s.defaultLanguage));
  const zone = field('set-timezone', t('set.timeZone'), h('input', { type: 'text', value: s.timeZone, required: true }), t('set.timeZone.hint'));
  const priority = field('set-priority', t('set.defaultPriority'),
    options(h('select', { 'data-field': 'defaultPriority' }), ['low', 'medium', 'high', 'critical'].map((p) => [p, t(`priority.${p}`)]), s.defaultPriority));
  const form = h('form', { class: 'admin-form', id: 'branding-form', novalidate: true },
    name.field, h('div', { class: 'grid-3' }, primary.field, accent.field, language.field), zone.field, priority.field);
  const { error, status } = saveForm(form, async () => {
    const { body: saved } = await patch('/settings', {
      name: name.input.value, primaryColor: primary.input.value, accentColor: accent.input.value,
      defaultLanguage: language.input.value, timeZone: zone.input.value.trim(), defaultPriority: priority.input.value,
    });
    rebrand(saved);
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));

  // The logo: the image itself is sent; the API re-encodes it and points logoUrl at it.
  const preview = h('img', { class: 'logo-preview', id: 'logo-preview', alt: t('set.logo.current'), src: s.logoUrl ?? null, hidden: !s.logoUrl });
  const none = h('p', { class: 'muted', hidden: Boolean(s.logoUrl) }, t('set.logo.none'));
  const file = field('logo-file', t('set.logo.file'), h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp' }));
  const logoForm = h('form', { class: 'admin-form', id: 'logo-form' }, h('div', {}, preview, none), file.field);
  const showLogo = (url) => {
    preview.hidden = !url;
    none.hidden = Boolean(url);
    if (url) preview.src = url; else preview.removeAttribute('src');
  };
  const logo = saveForm(logoForm, async () => {
    const chosen = file.input.files?.[0];
    if (!chosen) throw new Error(t('set.logo.pick'));
    const answer = await sendRaw('PUT', '/settings/logo', chosen, chosen.type || 'application/octet-stream');
    rebrand({ ...app.portal, logoUrl: answer.logoUrl });
    showLogo(answer.logoUrl);
    file.input.value = '';
    return t('set.logo.done');
  });
  const remove = h('button', {
    type: 'button', class: 'secondary', onclick: async () => {
      logo.error.clear();
      try {
        const { body: saved } = await patch('/settings', { logoUrl: '' });
        rebrand(saved);
        showLogo(null);
        logo.status.textContent = t('set.logo.removed');
      } catch (e) { logo.error.show(e); }
    },
  }, t('set.logo.remove'));
  logoForm.append(logo.error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('set.logo.upload')), remove, logo.status));

  fill(body, section(t('set.branding'), h('p', { class: 'muted' }, t('set.prefix', s.ticketPrefix)), form), section(t('set.logo'), logoForm));
}

export async function embed(body) {
  const [s, snippet] = await Promise.all([get('/settings'), get('/settings/embed')]);
  const origins = field('embed-origins', t('set.embed.origins'), h('textarea', { rows: 4, value: s.embedOrigins.join('\n'), 'data-field': 'embedOrigins' }), t('set.embed.origins.hint'));
  const form = h('form', { class: 'admin-form', id: 'embed-form' }, origins.field);
  const snippets = h('div', { class: 'admin-form' });
  const showSnippets = (x) => fill(snippets,
    h('p', {}, `${t('set.embed.url')}: `, h('a', { href: x.portalUrl, target: '_blank', rel: 'noopener' }, x.portalUrl)),
    copyable('embed-script', t('set.embed.script'), x.scriptSnippet),
    copyable('embed-iframe', t('set.embed.iframe'), x.iframeSnippet));
  showSnippets(snippet);
  const { error, status } = saveForm(form, async () => {
    const list = origins.input.value.split(/\s+/).map((x) => x.trim()).filter(Boolean);
    const { body: saved } = await patch('/settings', { embedOrigins: list });
    origins.input.value = saved.embedOrigins.join('\n');
    showSnippets(await get('/settings/embed'));
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));
  fill(body, section(t('set.embed'), form, snippets));
}

function copyable(id, label, text) {
  const box = field(id, label, h('textarea', { class: 'snippet', readonly: true, rows: 3, value: text }));
  const status = h('span', { class: 'muted', role: 'status' });
  const copy = h('button', {
    type: 'button', class: 'secondary', onclick: async () => {
      box.input.select();
      try { await navigator.clipboard.writeText(text); status.textContent = t('set.embed.copied'); } catch { /* selected: the person copies by hand */ }
    },
  }, t('set.embed.copy'));
  return h('div', {}, box.field, h('div', { class: 'actions' }, copy, status));
}

export async function attachments(body) {
  const limits = await get('/settings/attachments');
  const input = (id, label, bytes, name) => field(id, label, h('input', { type: 'number', min: 0.001, step: 'any', required: true, value: String(Math.round((bytes / MB) * 1000) / 1000), 'data-field': name }));
  const image = input('att-image', t('set.att.image'), limits.imageMaxBytes, 'imageMaxBytes');
  const video = input('att-video', t('set.att.video'), limits.videoMaxBytes, 'videoMaxBytes');
  const doc = input('att-document', t('set.att.document'), limits.documentMaxBytes, 'documentMaxBytes');
  const form = h('form', { class: 'admin-form', id: 'attachments-form', novalidate: true }, h('div', { class: 'grid-3' }, image.field, video.field, doc.field),
    h('p', { class: 'hint' }, t('set.att.hint')));
  const bytes = (x) => Math.round(Number(x.input.value.replace(',', '.')) * MB);
  const { error, status } = saveForm(form, async () => {
    await put('/settings/attachments', { imageMaxBytes: bytes(image), videoMaxBytes: bytes(video), documentMaxBytes: bytes(doc) });
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));
  fill(body, section(t('set.attachments'), form));
}

export async function email(body) {
  const s = await get('/settings/email');
  const unplaced = field('mail-unplaced', t('set.mail.unplaced'),
    options(h('select', { 'data-field': 'unplacedMail' }), [['hold', t('set.mail.hold')], ['reject', t('set.mail.reject')]], s.unplacedMail));
  const open = checkbox('mail-open', t('set.mail.open'), s.openTicketsFromEmail);
  const form = h('form', { class: 'admin-form', id: 'email-form' }, unplaced.field, open.field);
  const { error, status } = saveForm(form, async () => {
    await put('/settings/email', { unplacedMail: unplaced.input.value, openTicketsFromEmail: open.input.checked });
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));

  const state = h('p', { class: 'muted' }, s.hasInboundSecret ? t('set.mail.hasSecret') : t('set.mail.noSecret'));
  const shown = h('div', { id: 'inbound-secret', 'aria-live': 'polite' });
  const secretForm = h('form', { class: 'admin-form', id: 'secret-form' },
    h('p', {}, `${t('set.mail.address')}: `, h('code', {}, new URL(s.inboundAddress, url('/')).href)), state, shown);
  const secret = saveForm(secretForm, async () => {
    const answer = await post('/settings/email/inbound-secret');
    const value = field('inbound-secret-value', t('set.mail.secret'), h('input', { type: 'text', class: 'secret', readonly: true, value: answer.secret }));
    fill(shown, h('div', { class: 'notice' }, h('p', {}, h('strong', {}, t('set.mail.shown'))), value.field, h('p', {}, t('set.mail.header', answer.header))));
    state.textContent = t('set.mail.hasSecret');
    value.input.focus();
    value.input.select();
    return t('set.mail.shown');
  });
  secretForm.append(secret.error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('set.mail.rotate')), secret.status));
  fill(body, section(t('set.email'), form), section(t('set.mail.secret'), secretForm));
}

export async function work(body) {
  const s = await get('/settings/work');
  const currency = field('work-currency', t('set.work.currency'), h('input', { type: 'text', value: s.currency, maxlength: 3, required: true, autocomplete: 'off' }));
  const rate = field('work-rate', t('set.work.rate'),
    h('input', { type: 'number', min: 0, step: 0.01, 'data-field': 'defaultHourlyRate', value: s.defaultHourlyRate === null || s.defaultHourlyRate === undefined ? '' : String(s.defaultHourlyRate) }), t('set.work.rate.hint'));
  const form = h('form', { class: 'admin-form', id: 'work-form', novalidate: true }, currency.field, rate.field);
  const { error, status } = saveForm(form, async () => {
    const text = rate.input.value.trim().replace(',', '.');
    const saved = await put('/settings/work', { currency: currency.input.value.trim().toUpperCase(), defaultHourlyRate: text === '' ? null : Number(text) });
    currency.input.value = saved.currency;
    rate.input.value = saved.defaultHourlyRate === null ? '' : String(saved.defaultHourlyRate);
    return `${t('set.saved')} ${saved.defaultHourlyRate === null ? '' : number(saved.defaultHourlyRate, 2)} ${saved.currency}`.trim();
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), status));
  fill(body, section(t('set.work'), form));
}
