// Settings (being built).
import { fill } from '../../shared/dom.js';
import { t } from '../i18n.js';
import { heading } from '../common.js';

export const routes = [
  [/^#\/settings(?:\/.*)?$/, (main) => fill(main, heading(t('nav.settings'))), { admin: true }],
];
