// Reports (admins): tickets opened and finished per week, SLA compliance over time and by cut,
// time and money per customer / telescope / technician / type, each technician's open load.
// Dates are local dates in the observatory's zone; the API's range is [from, to), the picker's
// "to" is the last day included. Every chart has a table with the same numbers and a CSV file.
import { get } from '../../shared/api.js';
import { h, fill, field, options } from '../../shared/dom.js';
import { register } from '../../shared/i18n.js';
import { timeZone } from '../../shared/format.js';
import { t } from '../i18n.js';
import { heading, announce, errorText } from '../common.js';
import { columnChart, lineChart, barChart } from './charts.js';
import { today, addDays, daysBetween, shortDate, longDate, number, hours, money, percent, download, cell, table } from './admin-kit.js';

register({
  es: {
    'rep.title': 'Informes',
    'rep.range': 'Periodo',
    'rep.from': 'Desde',
    'rep.to': 'Hasta (incluido)',
    'rep.apply': 'Ver informe',
    'rep.zone': (zone) => `Fechas en la zona horaria del observatorio (${zone}).`,
    'rep.period': (from, to) => `Del ${from} al ${to}`,
    'rep.badRange': 'La fecha final debe ser igual o posterior a la inicial.',
    'rep.tooLong': 'Un informe abarca como máximo 366 días.',
    'rep.last4': 'Últimas 4 semanas',
    'rep.last12': 'Últimas 12 semanas',
    'rep.year': 'Este año',
    'rep.loaded': 'Informe actualizado.',
    'rep.csv': 'Descargar CSV',
    'rep.csvLines': 'Descargar el detalle (CSV): cada entrada de tiempo y coste',
    'rep.csvDone': (name) => `Descargado ${name}.`,
    'rep.by': 'Agrupar por',
    'rep.by.customer': 'Cliente',
    'rep.by.telescope': 'Telescopio',
    'rep.by.technician': 'Técnico',
    'rep.by.type': 'Tipo de ticket',
    'rep.none.customer': '(sin cliente)',
    'rep.none.telescope': '(sin telescopio)',
    'rep.none.technician': '(sin técnico)',
    'rep.none.type': '(sin tipo)',
    'rep.weekly': 'Tickets abiertos y finalizados por semana',
    'rep.weekly.desc': (n) => `Gráfico de columnas de ${n} semanas; los datos están en la tabla siguiente.`,
    'rep.week': 'Semana del',
    'rep.opened': 'Abiertos',
    'rep.finished': 'Finalizados',
    'rep.met': 'SLA cumplido',
    'rep.breached': 'SLA incumplido',
    'rep.compliance': 'Cumplimiento del SLA por semana',
    'rep.compliance.desc': 'Gráfico de líneas: porcentaje de los tickets finalizados cada semana que cumplieron su SLA; los datos están en la tabla siguiente.',
    'rep.compliance.share': '% cumplido',
    'rep.compliance.none': 'Ningún ticket finalizado en el periodo: aún no hay cumplimiento que medir.',
    'rep.work': 'Tiempo e importe',
    'rep.work.chart': (by) => `Horas registradas por ${by}`,
    'rep.work.desc': 'Gráfico de barras de las horas (facturables y no facturables) de cada grupo; los datos están en la tabla siguiente.',
    'rep.name': 'Nombre',
    'rep.billableHours': 'Horas facturables',
    'rep.nonBillableHours': 'Horas no facturables',
    'rep.unpriced': 'Horas sin tarifa',
    'rep.billableAmount': 'Importe facturable',
    'rep.nonBillableAmount': 'Importe no facturable',
    'rep.costs': 'Costes facturables',
    'rep.total': 'Total',
    'rep.noWork': 'No hay tiempo ni costes registrados en este periodo.',
    'rep.sla': 'Cumplimiento del SLA por grupo',
    'rep.sla.note': 'Tickets abiertos en el periodo.',
    'rep.tickets': 'Tickets',
    'rep.pending': 'Pendientes',
    'rep.cancelled': 'Cancelados',
    'rep.metShare': '% cumplido',
    'rep.meanFirst': 'Primera respuesta media',
    'rep.meanResolution': 'Resolución media',
    'rep.noTickets': 'No se abrieron tickets en este periodo.',
    'rep.load': 'Carga por técnico',
    'rep.load.desc': 'Gráfico de barras de los tickets abiertos, en progreso o bloqueados asignados a cada persona; los datos están en la tabla siguiente.',
    'rep.load.note': 'Situación actual (no depende del periodo).',
    'rep.person': 'Persona',
    'rep.role': 'Rol',
    'rep.open': 'Tickets activos',
    'rep.noLoad': 'Nadie tiene tickets activos asignados.',
  },
  en: {
    'rep.title': 'Reports',
    'rep.range': 'Period',
    'rep.from': 'From',
    'rep.to': 'To (included)',
    'rep.apply': 'Show report',
    'rep.zone': (zone) => `Dates in the observatory's time zone (${zone}).`,
    'rep.period': (from, to) => `From ${from} to ${to}`,
    'rep.badRange': 'The last day must be on or after the first.',
    'rep.tooLong': 'A report covers at most 366 days.',
    'rep.last4': 'Last 4 weeks',
    'rep.last12': 'Last 12 weeks',
    'rep.year': 'This year',
    'rep.loaded': 'Report updated.',
    'rep.csv': 'Download CSV',
    'rep.csvLines': 'Download the detail (CSV): every time entry and cost',
    'rep.csvDone': (name) => `Downloaded ${name}.`,
    'rep.by': 'Group by',
    'rep.by.customer': 'Customer',
    'rep.by.telescope': 'Telescope',
    'rep.by.technician': 'Technician',
    'rep.by.type': 'Ticket type',
    'rep.none.customer': '(no customer)',
    'rep.none.telescope': '(no telescope)',
    'rep.none.technician': '(no technician)',
    'rep.none.type': '(no type)',
    'rep.weekly': 'Tickets opened and finished per week',
    'rep.weekly.desc': (n) => `Column chart of ${n} weeks; the numbers are in the next table.`,
    'rep.week': 'Week of',
    'rep.opened': 'Opened',
    'rep.finished': 'Finished',
    'rep.met': 'SLA met',
    'rep.breached': 'SLA breached',
    'rep.compliance': 'SLA compliance per week',
    'rep.compliance.desc': 'Line chart: share of the tickets finished each week that met their SLA; the numbers are in the next table.',
    'rep.compliance.share': '% met',
    'rep.compliance.none': 'No ticket finished in the period: no compliance to measure yet.',
    'rep.work': 'Time and amounts',
    'rep.work.chart': (by) => `Hours logged per ${by.toLowerCase()}`,
    'rep.work.desc': 'Bar chart of the hours (billable and not) of each group; the numbers are in the next table.',
    'rep.name': 'Name',
    'rep.billableHours': 'Billable hours',
    'rep.nonBillableHours': 'Non-billable hours',
    'rep.unpriced': 'Unpriced hours',
    'rep.billableAmount': 'Billable amount',
    'rep.nonBillableAmount': 'Non-billable amount',
    'rep.costs': 'Billable costs',
    'rep.total': 'Total',
    'rep.noWork': 'No time or costs logged in this period.',
    'rep.sla': 'SLA compliance by group',
    'rep.sla.note': 'Tickets opened in the period.',
    'rep.tickets': 'Tickets',
    'rep.pending': 'Pending',
    'rep.cancelled': 'Cancelled',
    'rep.metShare': '% met',
    'rep.meanFirst': 'Mean first response',
    'rep.meanResolution': 'Mean resolution',
    'rep.noTickets': 'No tickets were opened in this period.',
    'rep.load': 'Workload per technician',
    'rep.load.desc': 'Bar chart of the open, in progress or blocked tickets assigned to each person; the numbers are in the next table.',
    'rep.load.note': 'Right now (does not depend on the period).',
    'rep.person': 'Person',
    'rep.role': 'Role',
    'rep.open': 'Active tickets',
    'rep.noLoad': 'Nobody has active tickets assigned.',
  },
});

const DIMENSIONS = ['customer', 'telescope', 'technician', 'type'];

export const routes = [
  [/^#\/reports(?:\?(.*))?$/, (main, m) => reportsView(main, new URLSearchParams(m[1] ?? '')), { admin: true }],
];

/** The range in the hash, else the last 12 weeks up to today; "to" is inclusive here. */
function rangeOf(params) {
  const valid = (x) => /^\d{4}-\d{2}-\d{2}$/.test(x ?? '');
  const to = valid(params.get('to')) ? params.get('to') : today();
  const from = valid(params.get('from')) ? params.get('from') : addDays(to, -83);
  return { from, to };
}

async function reportsView(main, params) {
  const range = rangeOf(params);
  const query = () => new URLSearchParams({ from: range.from, to: addDays(range.to, 1) });
  const by = { work: DIMENSIONS.includes(params.get('work')) ? params.get('work') : 'customer', sla: DIMENSIONS.includes(params.get('sla')) ? params.get('sla') : 'customer' };

  const sections = {
    weekly: h('section', { class: 'report', 'aria-labelledby': 'rep-weekly-h', id: 'report-weekly' }),
    compliance: h('section', { class: 'report', 'aria-labelledby': 'rep-compliance-h', id: 'report-compliance' }),
    work: h('section', { class: 'report', 'aria-labelledby': 'rep-work-h', id: 'report-work' }),
    sla: h('section', { class: 'report', 'aria-labelledby': 'rep-sla-h', id: 'report-sla' }),
    load: h('section', { class: 'report', 'aria-labelledby': 'rep-load-h', id: 'report-load' }),
  };
  fill(main, heading(t('rep.title')), rangeForm(range, by),
    h('p', { class: 'muted', id: 'report-period' }, t('rep.period', longDate(range.from), longDate(range.to)), ' · ', t('rep.zone', timeZone())),
    Object.values(sections));

  const valid = daysBetween(range.from, range.to) >= 0 && daysBetween(range.from, range.to) < 366;
  if (!valid) {
    fill(sections.weekly, h('p', { class: 'error', role: 'alert' }, daysBetween(range.from, range.to) < 0 ? t('rep.badRange') : t('rep.tooLong')));
    return undefined;
  }

  const csvButton = (path, name) => {
    const status = h('span', { class: 'muted csv-status', role: 'status' });
    const button = h('button', {
      type: 'button', class: 'secondary csv-download', dataset: { report: name },
      onclick: async () => {
        button.disabled = true;
        status.textContent = '';
        try {
          const file = await download(`${path}${path.includes('?') ? '&' : '?'}format=csv`, `${name}.csv`);
          status.textContent = t('rep.csvDone', file);
        } catch (e) {
          status.textContent = errorText(e);
        } finally {
          button.disabled = false;
        }
      },
    }, t('rep.csv'));
    return h('div', { class: 'row report-tools' }, button, status);
  };

  const load = async (section, render) => {
    fill(section, h('p', { class: 'loading' }, t('loading')));
    try {
      await render(section);
    } catch (e) {
      fill(section, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
  };

  // Changing a cut reloads only its section (the hash is kept in step without a new route), focus stays on the picker.
  const regroup = (key, reload, picker) => async (value) => {
    by[key] = value;
    history.replaceState(null, '', hashFor(range, by));
    await reload();
    document.getElementById(picker)?.focus();
    announce(t('rep.loaded'));
  };
  const loadWork = () => load(sections.work, async () => {
    const path = `/reports/work?${query()}&by=${by.work}`;
    const tools = csvButton(path, `work-${by.work}`);
    const lines = csvButton(`/reports/lines?${query()}`, 'lines');
    const linesButton = lines.querySelector('button');
    linesButton.textContent = t('rep.csvLines');
    renderWork(sections.work, await get(path), by.work, h('div', {}, tools, lines), regroup('work', () => loadWork(), 'report-work-by'));
  });
  const loadSla = () => load(sections.sla, async () => {
    const path = `/reports/sla?${query()}&by=${by.sla}`;
    renderSla(sections.sla, await get(path), by.sla, csvButton(path, `sla-${by.sla}`), regroup('sla', () => loadSla(), 'report-sla-by'));
  });

  await Promise.all([
    load(sections.weekly, async () => {
      const path = `/reports/weekly?${query()}`;
      const weekly = await get(path);
      renderWeekly(sections.weekly, sections.compliance, weekly, csvButton(path, 'weekly'));
    }),
    loadWork(),
    loadSla(),
    load(sections.load, async () => renderLoad(sections.load, await get('/queues'))),
  ]);
  announce(t('rep.loaded'));
  return undefined;
}

function hashFor(range, by) {
  return `#/reports?${new URLSearchParams({ from: range.from, to: range.to, work: by.work, sla: by.sla })}`;
}

function rangeForm(range, by) {
  const from = field('report-from', t('rep.from'), h('input', { type: 'date', value: range.from, required: true }));
  const to = field('report-to', t('rep.to'), h('input', { type: 'date', value: range.to, required: true }));
  const go = (next) => { location.hash = hashFor(next, by); };
  const preset = (label, days) => h('button', {
    type: 'button', class: 'secondary', onclick: () => { const end = today(); go({ from: addDays(end, -days), to: end }); },
  }, label);
  const end = today();
  return h('form', {
    class: 'report-range', id: 'report-range', 'aria-label': t('rep.range'),
    onsubmit: (e) => { e.preventDefault(); go({ from: from.input.value, to: to.input.value }); },
  }, from.field, to.field, h('button', { type: 'submit', class: 'primary' }, t('rep.apply')),
  h('div', { class: 'row presets' }, preset(t('rep.last4'), 27), preset(t('rep.last12'), 83),
    h('button', { type: 'button', class: 'secondary', onclick: () => go({ from: `${end.slice(0, 4)}-01-01`, to: end }) }, t('rep.year'))));
}

function renderWeekly(section, compliance, weekly, tools) {
  const items = weekly.items ?? [];
  const labels = items.map((w) => shortDate(w.weekStart));
  fill(section, h('h2', { id: 'rep-weekly-h' }, t('rep.weekly')),
    columnChart({
      title: t('rep.weekly'), description: t('rep.weekly.desc', items.length), categories: labels, format: (n) => number(n), counts: true,
      series: [{ name: t('rep.opened'), values: items.map((w) => w.opened) }, { name: t('rep.finished'), values: items.map((w) => w.finished) }],
    }),
    table('weekly-table', [t('rep.week'), t('rep.opened'), t('rep.finished'), t('rep.met'), t('rep.breached')],
      items.map((w) => h('tr', {},
        h('th', { scope: 'row' }, longDate(w.weekStart)), cell(t('rep.opened'), number(w.opened)), cell(t('rep.finished'), number(w.finished)),
        cell(t('rep.met'), number(w.slaMet)), cell(t('rep.breached'), number(w.slaBreached))))),
    tools);

  const share = (w) => (w.slaMet + w.slaBreached > 0 ? w.slaMet / (w.slaMet + w.slaBreached) : null);
  fill(compliance, h('h2', { id: 'rep-compliance-h' }, t('rep.compliance')),
    items.every((w) => share(w) === null) ? h('p', { class: 'muted' }, t('rep.compliance.none')) : null,
    lineChart({
      title: t('rep.compliance'), description: t('rep.compliance.desc'), categories: labels, max: 100, format: (n) => `${number(n)} %`,
      series: [{ name: t('rep.compliance.share'), values: items.map((w) => (share(w) === null ? null : Math.round(share(w) * 1000) / 10)) }],
    }),
    table('compliance-table', [t('rep.week'), t('rep.finished'), t('rep.met'), t('rep.breached'), t('rep.metShare')],
      items.map((w) => h('tr', {},
        h('th', { scope: 'row' }, longDate(w.weekStart)), cell(t('rep.finished'), number(w.finished)), cell(t('rep.met'), number(w.slaMet)),
        cell(t('rep.breached'), number(w.slaBreached)), cell(t('rep.metShare'), percent(share(w)))))));
}

function rowName(row, dimension) {
  if (!row.key) return t(`rep.none.${dimension}`);
  // Ticket types come back as their wire names; they are shown in the reader's words.
  if (dimension === 'type') return t(`type.${row.key}`);
  return row.name || row.key;
}

function dimensionPicker(id, current, onChange) {
  const select = options(h('select', { onchange: () => onChange(select.value) }), DIMENSIONS.map((d) => [d, t(`rep.by.${d}`)]), current);
  return h('div', { class: 'report-by' }, field(id, t('rep.by'), select).field);
}

function renderWork(section, report, dimension, tools, onChange) {
  const rows = report.rows ?? [];
  const columns = [t(`rep.by.${dimension}`), t('rep.billableHours'), t('rep.nonBillableHours'), t('rep.unpriced'), t('rep.billableAmount'), t('rep.costs'), t('rep.nonBillableAmount')];
  const line = (r, head) => h('tr', { dataset: { key: r.key ?? '' } },
    h('th', { scope: 'row' }, head),
    cell(columns[1], hours(r.billableMinutes)), cell(columns[2], hours(r.nonBillableMinutes)), cell(columns[3], hours(r.unpricedBillableMinutes)),
    cell(columns[4], money(r.billableTotal, r.currency)), cell(columns[5], money(r.costsBillable, r.currency)), cell(columns[6], money(r.nonBillableTotal, r.currency)));
  fill(section, h('h2', { id: 'rep-work-h' }, t('rep.work')),
    dimensionPicker('report-work-by', dimension, onChange),
    rows.length === 0 ? h('p', { class: 'empty' }, t('rep.noWork')) : [
      barChart({
        title: t('rep.work.chart', t(`rep.by.${dimension}`)), description: t('rep.work.desc'), format: (m) => hours(m),
        rows: rows.map((r) => ({ label: `${rowName(r, dimension)}${rows.some((x) => x.currency !== r.currency) ? ` (${r.currency})` : ''}`, value: r.billableMinutes + r.nonBillableMinutes })),
      }),
      table('work-table', columns, rows.map((r) => line(r, rowName(r, dimension))),
        (report.totals ?? []).map((r) => line(r, `${t('rep.total')} (${r.currency})`))),
      tools,
    ]);
}

function minutesText(value) {
  return value === null || value === undefined ? '—' : hours(value);
}

function renderSla(section, report, dimension, tools, onChange) {
  const rows = report.rows ?? [];
  const columns = [t(`rep.by.${dimension}`), t('rep.tickets'), t('rep.met'), t('rep.breached'), t('rep.pending'), t('rep.cancelled'), t('rep.metShare'), t('rep.meanFirst'), t('rep.meanResolution')];
  const line = (r, head) => h('tr', {},
    h('th', { scope: 'row' }, head),
    cell(columns[1], number(r.tickets)), cell(columns[2], number(r.met)), cell(columns[3], number(r.breached)), cell(columns[4], number(r.pending)),
    cell(columns[5], number(r.cancelled)), cell(columns[6], percent(r.metShare)), cell(columns[7], minutesText(r.meanFirstResponseMinutes)),
    cell(columns[8], minutesText(r.meanResolutionMinutes)));
  fill(section, h('h2', { id: 'rep-sla-h' }, t('rep.sla')), h('p', { class: 'muted' }, t('rep.sla.note')),
    dimensionPicker('report-sla-by', dimension, onChange),
    rows.length === 0 ? h('p', { class: 'empty' }, t('rep.noTickets')) : [
      table('sla-table', columns, rows.map((r) => line(r, rowName(r, dimension))), report.total ? line(report.total, t('rep.total')) : null),
      tools,
    ]);
}

function renderLoad(section, queues) {
  const load = (queues.load ?? []).slice().sort((a, b) => b.open - a.open);
  fill(section, h('h2', { id: 'rep-load-h' }, t('rep.load')), h('p', { class: 'muted' }, t('rep.load.note')),
    load.length === 0 ? h('p', { class: 'empty' }, t('rep.noLoad')) : [
      barChart({ title: t('rep.load'), description: t('rep.load.desc'), format: (n) => number(n), rows: load.map((x) => ({ label: x.name, value: x.open })) }),
      table('load-table', [t('rep.person'), t('rep.role'), t('rep.open')], load.map((x) => h('tr', {},
        h('th', { scope: 'row' }, x.name), cell(t('rep.role'), t(`role.${x.role}`)), cell(t('rep.open'), number(x.open))))),
    ]);
}
