// Knowledge base (being built).
import { fill } from '../../shared/dom.js';
import { t } from '../i18n.js';
import { heading } from '../common.js';

export const routes = [
  [/^#\/kb(?:\/.*)?$/, (main) => fill(main, heading(t('nav.knowledge')))],
];
