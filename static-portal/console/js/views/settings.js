// Admin settings: one page per section (#/settings/branding, #/settings/sla, ...), a side menu.
// Each section lives in its own module and returns its content (and possibly a cleanup).
import { h, fill } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { t } from '../i18n.js';
import { heading } from '../common.js';
import * as general from './settings-general.js';
import * as sla from './settings-sla.js';
import * as people from './settings-people.js';
import * as desk from './settings-desk.js';

register({
  es: {
    'set.title': 'Ajustes',
    'set.sections': 'Secciones de ajustes',
    'set.branding': 'Marca',
    'set.embed': 'Portal incrustado',
    'set.sla': 'SLA y calendario',
    'set.staff': 'Personal',
    'set.customers': 'Clientes',
    'set.telescopes': 'Telescopios',
    'set.attachments': 'Adjuntos',
    'set.email': 'Correo',
    'set.canned': 'Respuestas predefinidas',
    'set.fields': 'Campos personalizados',
    'set.work': 'Trabajo y tarifas',
    'set.saving': 'Guardando…',
    'set.saved': 'Cambios guardados.',
    'set.add': 'Añadir',
    'set.remove': 'Quitar',
    'set.edit': 'Editar',
    'set.delete': 'Eliminar',
    'set.back': 'Volver',
    'set.yes': 'Sí',
    'set.no': 'No',
    'set.actions': 'Acciones',
    'set.unknownSection': 'Esta sección no existe.',
  },
  en: {
    'set.title': 'Settings',
    'set.sections': 'Settings sections',
    'set.branding': 'Branding',
    'set.embed': 'Embedded portal',
    'set.sla': 'SLA and calendar',
    'set.staff': 'Staff',
    'set.customers': 'Customers',
    'set.telescopes': 'Telescopes',
    'set.attachments': 'Attachments',
    'set.email': 'E-mail',
    'set.canned': 'Canned replies',
    'set.fields': 'Custom fields',
    'set.work': 'Work and rates',
    'set.saving': 'Saving…',
    'set.saved': 'Changes saved.',
    'set.add': 'Add',
    'set.remove': 'Remove',
    'set.edit': 'Edit',
    'set.delete': 'Delete',
    'set.back': 'Back',
    'set.yes': 'Yes',
    'set.no': 'No',
    'set.actions': 'Actions',
    'set.unknownSection': 'This section does not exist.',
  },
});

const SECTIONS = {
  branding: general.branding,
  embed: general.embed,
  sla: sla.slaSection,
  staff: people.staff,
  customers: people.customers,
  telescopes: people.telescopes,
  attachments: general.attachments,
  email: general.email,
  canned: desk.canned,
  fields: desk.fields,
  work: general.work,
};

export const routes = [
  [/^#\/settings(?:\/([a-z]+)(?:\/([A-Za-z0-9_-]+))?)?\/?$/, (main, m, app) => settingsView(main, m[1] ?? 'branding', m[2] ?? null, app), { admin: true }],
];

async function settingsView(main, name, id, app) {
  const body = h('div', { class: 'settings-body', id: 'settings-body' });
  const menu = h('nav', { class: 'settings-nav', 'aria-label': t('set.sections') },
    h('ul', {}, Object.keys(SECTIONS).map((key) =>
      h('li', {}, h('a', { href: `#/settings/${key}`, 'aria-current': key === name ? 'page' : null }, t(`set.${key}`))))));
  fill(main, heading(`${t('set.title')}${SECTIONS[name] ? ` · ${t(`set.${name}`)}` : ''}`), h('div', { class: 'settings-layout' }, menu, body));
  const section = SECTIONS[name];
  if (!section) {
    fill(body, h('p', { class: 'error', role: 'alert' }, t('set.unknownSection')));
    return undefined;
  }
  fill(body, h('p', { class: 'loading' }, t('loading')));
  return section(body, { id, app });
}
