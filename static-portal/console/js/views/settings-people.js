// Settings: staff (roles and support lines), customers with their contacts, telescopes.
import { get, post, patch } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { t } from '../i18n.js';
import { announce } from '../common.js';
import { saveForm, section, checkbox, cell, formError } from './admin-kit.js';

register({
  es: {
    'ppl.name': 'Nombre',
    'ppl.email': 'Correo electrónico',
    'ppl.role': 'Rol',
    'ppl.level': 'Línea de soporte',
    'ppl.level.1': 'Primera línea',
    'ppl.level.2': 'Segunda línea',
    'ppl.level.3': 'Tercera línea',
    'ppl.level.hint': 'Solo para técnicos.',
    'ppl.password': 'Contraseña inicial (opcional)',
    'ppl.password.hint': 'Sin contraseña, la persona entra con un enlace por correo.',
    'ppl.language': 'Idioma',
    'ppl.phone': 'Teléfono',
    'ppl.active': 'Activo',
    'ppl.inactive': 'Desactivado',
    'ppl.deactivate': 'Desactivar',
    'ppl.reactivate': 'Reactivar',
    'ppl.deactivated': (name) => `${name} ha sido desactivado.`,
    'ppl.reactivated': (name) => `${name} vuelve a estar activo.`,
    'ppl.newStaff': 'Nueva persona del equipo',
    'ppl.create': 'Crear',
    'ppl.created': (name) => `${name} creado.`,
    'ppl.you': '(tú)',
    'ppl.customers': 'Clientes',
    'ppl.newCustomer': 'Nuevo cliente',
    'ppl.taxId': 'NIF/CIF',
    'ppl.address': 'Dirección',
    'ppl.notes': 'Notas internas',
    'ppl.contacts': 'Contactos',
    'ppl.noContacts': 'Este cliente no tiene contactos.',
    'ppl.newContact': 'Nuevo contacto',
    'ppl.companyWide': 'Ve todos los tickets de su empresa',
    'ppl.telescopes': 'Telescopios',
    'ppl.noTelescopes': 'Sin telescopios.',
    'ppl.customer': 'Cliente',
    'ppl.model': 'Modelo',
    'ppl.mount': 'Montura',
    'ppl.camera': 'Cámara',
    'ppl.location': 'Ubicación',
    'ppl.status': 'Estado',
    'ppl.newTelescope': 'Nuevo telescopio',
    'ppl.editTelescope': 'Editar telescopio',
    'ppl.noCustomers': 'Aún no hay clientes.',
    'ppl.back': 'Volver a la lista',
    'ppl.details': 'Datos del cliente',
    'tel.status.active': 'En servicio',
    'tel.status.maintenance': 'En mantenimiento',
    'tel.status.offline': 'Fuera de línea',
    'tel.status.retired': 'Retirado',
  },
  en: {
    'ppl.name': 'Name',
    'ppl.email': 'E-mail',
    'ppl.role': 'Role',
    'ppl.level': 'Support line',
    'ppl.level.1': 'First line',
    'ppl.level.2': 'Second line',
    'ppl.level.3': 'Third line',
    'ppl.level.hint': 'Technicians only.',
    'ppl.password': 'Initial password (optional)',
    'ppl.password.hint': 'Without a password, the person signs in with a link by e-mail.',
    'ppl.language': 'Language',
    'ppl.phone': 'Phone',
    'ppl.active': 'Active',
    'ppl.inactive': 'Deactivated',
    'ppl.deactivate': 'Deactivate',
    'ppl.reactivate': 'Reactivate',
    'ppl.deactivated': (name) => `${name} has been deactivated.`,
    'ppl.reactivated': (name) => `${name} is active again.`,
    'ppl.newStaff': 'New staff member',
    'ppl.create': 'Create',
    'ppl.created': (name) => `${name} created.`,
    'ppl.you': '(you)',
    'ppl.customers': 'Customers',
    'ppl.newCustomer': 'New customer',
    'ppl.taxId': 'Tax id',
    'ppl.address': 'Address',
    'ppl.notes': 'Internal notes',
    'ppl.contacts': 'Contacts',
    'ppl.noContacts': 'This customer has no contacts.',
    'ppl.newContact': 'New contact',
    'ppl.companyWide': 'Sees all of the company\'s tickets',
    'ppl.telescopes': 'Telescopes',
    'ppl.noTelescopes': 'No telescopes.',
    'ppl.customer': 'Customer',
    'ppl.model': 'Model',
    'ppl.mount': 'Mount',
    'ppl.camera': 'Camera',
    'ppl.location': 'Location',
    'ppl.status': 'Status',
    'ppl.newTelescope': 'New telescope',
    'ppl.editTelescope': 'Edit telescope',
    'ppl.noCustomers': 'No customers yet.',
    'ppl.back': 'Back to the list',
    'ppl.details': 'Customer details',
    'tel.status.active': 'In service',
    'tel.status.maintenance': 'In maintenance',
    'tel.status.offline': 'Offline',
    'tel.status.retired': 'Retired',
  },
});

const TELESCOPE_STATUSES = ['active', 'maintenance', 'offline', 'retired'];
const text = (id, label, value = '', props = {}) => field(id, label, h('input', { type: 'text', value: value ?? '', ...props }));
// An empty text is sent as "": the API clears the value (null would keep the old one).
const optional = (input) => input.value.trim();

function languageField(id, value = 'es') {
  return field(id, t('ppl.language'), options(h('select'), [['es', 'Español'], ['en', 'English']], value));
}

export async function staff(body, { app }) {
  const list = h('div', { id: 'staff-list' });
  const refresh = async () => {
    const people = await get('/staff');
    const columns = [t('ppl.name'), t('ppl.email'), t('ppl.role'), t('ppl.level'), t('ppl.status'), t('set.actions')];
    fill(list, h('table', { class: 'tickets', id: 'staff-table' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, people.map((p) => {
        const toggle = h('button', {
          type: 'button', class: p.active ? 'secondary danger' : 'secondary', hidden: p.id === app.me.id,
          'aria-label': `${p.active ? t('ppl.deactivate') : t('ppl.reactivate')}: ${p.name}`,
          onclick: async () => {
            toggle.disabled = true;
            try {
              await patch(`/staff/${encodeURIComponent(p.id)}`, { active: !p.active });
              announce(p.active ? t('ppl.deactivated', p.name) : t('ppl.reactivated', p.name));
              await refresh();
            } catch (e) { rowError.show(e); toggle.disabled = false; }
          },
        }, p.active ? t('ppl.deactivate') : t('ppl.reactivate'));
        return h('tr', { class: p.active ? null : 'inactive', dataset: { email: p.email } },
          h('th', { scope: 'row' }, p.name, p.id === app.me.id ? ` ${t('ppl.you')}` : ''),
          cell(columns[1], p.email), cell(columns[2], t(`role.${p.role}`)),
          cell(columns[3], p.level ? t(`ppl.level.${p.level}`) : '—'),
          cell(columns[4], p.active ? t('ppl.active') : t('ppl.inactive')), cell(columns[5], toggle));
      }))));
  };
  const rowError = formError(null);

  const name = text('staff-name', t('ppl.name'), '', { required: true, autocomplete: 'off' });
  const email = field('staff-email', t('ppl.email'), h('input', { type: 'email', required: true, autocomplete: 'off' }));
  const role = field('staff-role', t('ppl.role'), options(h('select'), [['technician', t('role.technician')], ['admin', t('role.admin')]], 'technician'));
  const level = field('staff-level', t('ppl.level'), options(h('select'), [1, 2, 3].map((n) => [String(n), t(`ppl.level.${n}`)]), '1'), t('ppl.level.hint'));
  role.input.addEventListener('change', () => { level.input.disabled = role.input.value !== 'technician'; });
  const password = field('staff-password', t('ppl.password'), h('input', { type: 'password', autocomplete: 'new-password' }), t('ppl.password.hint'));
  const language = languageField('staff-language');
  const form = h('form', { class: 'admin-form', id: 'staff-form', novalidate: true },
    name.field, email.field, h('div', { class: 'grid-3' }, role.field, level.field, language.field), password.field);
  const { error, status } = saveForm(form, async () => {
    const created = await post('/staff', {
      name: name.input.value.trim(), email: email.input.value.trim(), role: role.input.value,
      level: role.input.value === 'technician' ? Number(level.input.value) : null,
      password: password.input.value === '' ? null : password.input.value, language: language.input.value,
    });
    form.reset();
    level.input.disabled = false;
    await refresh();
    return t('ppl.created', created.name);
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ppl.create')), status));
  await refresh();
  fill(body, section(t('set.staff'), rowError.box, list), section(t('ppl.newStaff'), form));
}

function customerFields(prefix, c = {}) {
  const f = {
    name: text(`${prefix}-name`, t('ppl.name'), c.name, { required: true }),
    taxId: text(`${prefix}-taxid`, t('ppl.taxId'), c.taxId),
    email: field(`${prefix}-email`, t('ppl.email'), h('input', { type: 'email', value: c.email ?? '' })),
    phone: text(`${prefix}-phone`, t('ppl.phone'), c.phone),
    address: text(`${prefix}-address`, t('ppl.address'), c.address),
    notes: field(`${prefix}-notes`, t('ppl.notes'), h('textarea', { rows: 3, value: c.notes ?? '' })),
  };
  return {
    fields: [f.name.field, h('div', { class: 'grid-3' }, f.taxId.field, f.email.field, f.phone.field), f.address.field, f.notes.field],
    read: () => ({
      name: f.name.input.value.trim(), taxId: optional(f.taxId.input), email: optional(f.email.input), phone: optional(f.phone.input),
      address: optional(f.address.input), notes: optional(f.notes.input),
    }),
  };
}

export async function customers(body, { id }) {
  if (id) return customerDetail(body, id);
  const list = h('div', { id: 'customer-list' });
  const refresh = async () => {
    const all = await get('/customers');
    fill(list, all.length === 0 ? h('p', { class: 'empty' }, t('ppl.noCustomers')) : h('table', { class: 'tickets', id: 'customer-table' },
      h('thead', {}, h('tr', {}, [t('ppl.name'), t('ppl.taxId'), t('ppl.email'), t('ppl.phone')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, all.map((c) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/settings/customers/${encodeURIComponent(c.id)}` }, c.name)),
        cell(t('ppl.taxId'), c.taxId ?? ''), cell(t('ppl.email'), c.email ?? ''), cell(t('ppl.phone'), c.phone ?? ''))))));
  };
  const fields = customerFields('customer');
  const form = h('form', { class: 'admin-form', id: 'customer-form', novalidate: true }, fields.fields);
  const { error, status } = saveForm(form, async () => {
    const created = await post('/customers', fields.read());
    form.reset();
    await refresh();
    return t('ppl.created', created.name);
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ppl.create')), status));
  await refresh();
  fill(body, section(t('set.customers'), list), section(t('ppl.newCustomer'), form));
  return undefined;
}

async function customerDetail(body, id) {
  const detail = await get(`/customers/${encodeURIComponent(id)}`);
  const c = detail.customer;
  const fields = customerFields('customer-edit', c);
  const form = h('form', { class: 'admin-form', id: 'customer-edit-form', novalidate: true }, fields.fields);
  const saved = saveForm(form, async () => { await patch(`/customers/${encodeURIComponent(id)}`, fields.read()); });
  form.append(saved.error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), saved.status));

  const contactList = h('div', { id: 'contact-list' });
  const listError = formError(null);
  const showContacts = (contacts) => fill(contactList, contacts.length === 0 ? h('p', { class: 'empty' }, t('ppl.noContacts')) : h('table', { class: 'tickets' },
    h('thead', {}, h('tr', {}, [t('ppl.name'), t('ppl.email'), t('ppl.companyWide'), t('ppl.active')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, contacts.map((p) => {
      const wide = h('input', {
        type: 'checkbox', checked: p.companyWide ? true : null, 'aria-label': `${t('ppl.companyWide')}: ${p.name}`,
        onchange: async () => {
          try { await patch(`/customers/${encodeURIComponent(id)}/contacts/${encodeURIComponent(p.id)}`, { companyWide: wide.checked }); announce(t('set.saved')); } catch (e) { listError.show(e); wide.checked = !wide.checked; }
        },
      });
      const active = h('input', {
        type: 'checkbox', checked: p.active ? true : null, 'aria-label': `${t('ppl.active')}: ${p.name}`,
        onchange: async () => {
          try { await patch(`/customers/${encodeURIComponent(id)}/contacts/${encodeURIComponent(p.id)}`, { active: active.checked }); announce(t('set.saved')); } catch (e) { listError.show(e); active.checked = !active.checked; }
        },
      });
      return h('tr', {}, h('th', { scope: 'row' }, p.name), cell(t('ppl.email'), p.email), cell(t('ppl.companyWide'), wide), cell(t('ppl.active'), active));
    }))));
  showContacts(detail.contacts);

  const name = text('contact-name', t('ppl.name'), '', { required: true, autocomplete: 'off' });
  const email = field('contact-email', t('ppl.email'), h('input', { type: 'email', required: true, autocomplete: 'off' }));
  const password = field('contact-password', t('ppl.password'), h('input', { type: 'password', autocomplete: 'new-password' }), t('ppl.password.hint'));
  const wide = checkbox('contact-wide', t('ppl.companyWide'), false);
  wide.input.dataset.field = 'companyWide';
  const language = languageField('contact-language');
  const contactForm = h('form', { class: 'admin-form', id: 'contact-form', novalidate: true }, name.field, email.field, language.field, password.field, wide.field);
  const added = saveForm(contactForm, async () => {
    const person = await post(`/customers/${encodeURIComponent(id)}/contacts`, {
      name: name.input.value.trim(), email: email.input.value.trim(), companyWide: wide.input.checked, language: language.input.value,
      password: password.input.value === '' ? null : password.input.value,
    });
    contactForm.reset();
    showContacts((await get(`/customers/${encodeURIComponent(id)}`)).contacts);
    return t('ppl.created', person.name);
  });
  contactForm.append(added.error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ppl.create')), added.status));

  const scopes = detail.telescopes.length === 0 ? h('p', { class: 'empty' }, t('ppl.noTelescopes'))
    : h('ul', {}, detail.telescopes.map((x) => h('li', {}, h('a', { href: `#/settings/telescopes/${encodeURIComponent(x.id)}` }, x.name), x.model ? ` · ${x.model}` : '')));
  fill(body, h('p', {}, h('a', { href: '#/settings/customers' }, t('ppl.back'))),
    section(`${t('ppl.details')}: ${c.name}`, form), section(t('ppl.contacts'), listError.box, contactList), section(t('ppl.newContact'), contactForm),
    section(t('ppl.telescopes'), scopes));
  return undefined;
}

function telescopeFields(prefix, customers, x = {}) {
  const f = {
    name: text(`${prefix}-name`, t('ppl.name'), x.name, { required: true }),
    customer: field(`${prefix}-customer`, t('ppl.customer'), options(h('select', { required: true, 'data-field': 'customerId' }), customers.map((c) => [c.id, c.name]), x.customerId)),
    model: text(`${prefix}-model`, t('ppl.model'), x.model),
    mount: text(`${prefix}-mount`, t('ppl.mount'), x.mount),
    camera: text(`${prefix}-camera`, t('ppl.camera'), x.camera),
    location: text(`${prefix}-location`, t('ppl.location'), x.location),
    status: field(`${prefix}-status`, t('ppl.status'), options(h('select'), TELESCOPE_STATUSES.map((s) => [s, t(`tel.status.${s}`)]), x.status ?? 'active')),
  };
  return {
    fields: [f.name.field, h('div', { class: 'grid-3' }, f.customer.field, f.model.field, f.status.field), h('div', { class: 'grid-3' }, f.mount.field, f.camera.field, f.location.field)],
    read: () => ({
      name: f.name.input.value.trim(), customerId: f.customer.input.value, model: optional(f.model.input), mount: optional(f.mount.input),
      camera: optional(f.camera.input), location: optional(f.location.input), status: f.status.input.value,
    }),
  };
}

export async function telescopes(body, { id }) {
  const customersList = await get('/customers');
  if (id) {
    const x = (await get(`/telescopes/${encodeURIComponent(id)}`)).telescope;
    const fields = telescopeFields('telescope-edit', customersList, x);
    const form = h('form', { class: 'admin-form', id: 'telescope-edit-form', novalidate: true }, fields.fields);
    const saved = saveForm(form, async () => { await patch(`/telescopes/${encodeURIComponent(id)}`, fields.read()); });
    form.append(saved.error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('save')), saved.status));
    fill(body, h('p', {}, h('a', { href: '#/settings/telescopes' }, t('ppl.back'))), section(`${t('ppl.editTelescope')}: ${x.name}`, form));
    return undefined;
  }
  const names = new Map(customersList.map((c) => [c.id, c.name]));
  const list = h('div', { id: 'telescope-admin-list' });
  const refresh = async () => {
    const all = await get('/telescopes');
    const columns = [t('ppl.name'), t('ppl.customer'), t('ppl.model'), t('ppl.status')];
    fill(list, all.length === 0 ? h('p', { class: 'empty' }, t('ppl.noTelescopes')) : h('table', { class: 'tickets' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, all.map((x) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/settings/telescopes/${encodeURIComponent(x.id)}` }, x.name)),
        cell(columns[1], names.get(x.customerId) ?? ''), cell(columns[2], x.model ?? ''), cell(columns[3], t(`tel.status.${x.status}`)))))));
  };
  const fields = telescopeFields('telescope', customersList);
  const form = h('form', { class: 'admin-form', id: 'telescope-form', novalidate: true }, fields.fields);
  const { error, status } = saveForm(form, async () => {
    const created = await post('/telescopes', fields.read());
    form.reset();
    await refresh();
    return t('ppl.created', created.name);
  });
  form.append(error.box, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ppl.create')), status));
  await refresh();
  fill(body, section(t('set.telescopes'), list), section(t('ppl.newTelescope'), form));
  return undefined;
}
