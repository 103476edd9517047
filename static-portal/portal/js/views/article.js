import { get } from '../api.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { time } from '../format.js';
import { heading } from './common.js';

/** A knowledge-base article; its Markdown is shown as text (never as HTML). */
export async function articleView(main, id) {
  const a = await get(`/knowledge/articles/${encodeURIComponent(id)}`);
  fill(main,
    h('p', { class: 'muted' }, t('article'), ' · ', time(a.updatedAt)),
    heading(a.title),
    h('div', { class: 'panel article-body' }, a.body));
}
