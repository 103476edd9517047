// Reports (being built).
import { fill } from '../../shared/dom.js';
import { t } from '../i18n.js';
import { heading } from '../common.js';

export const routes = [
  [/^#\/reports(?:\/.*)?$/, (main) => fill(main, heading(t('nav.reports'))), { admin: true }],
];
