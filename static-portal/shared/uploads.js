// Both sites (portal and console) upload this way. Files go straight from the browser to Blob Storage: an upload slot from the API, a PUT with a
// progress bar, and then the message that carries them (which confirms them).
import { post, putFile } from './api.js';
import { h } from './dom.js';
import { register, t } from './i18n.js';

register({
  es: { uploading: (name) => `Subiendo ${name}`, uploaded: 'Subido', uploadFailed: 'La subida falló' },
  en: { uploading: (name) => `Uploading ${name}`, uploaded: 'Uploaded', uploadFailed: 'Upload failed' },
});

/** Uploads the files to the ticket, one progress bar each; returns the attachment ids. */
export async function uploadFiles(code, files, list) {
  const ids = [];
  for (const file of files) {
    const bar = h('progress', { max: '100', value: '0', 'aria-label': t('uploading', file.name) });
    const state = h('span', { class: 'upload-state' }, t('uploading', file.name));
    list.append(h('div', { class: 'upload', dataset: { file: file.name } }, state, bar));
    const slot = await post(`/tickets/${encodeURIComponent(code)}/attachments`, {
      fileName: file.name,
      size: file.size,
      contentType: file.type || 'application/octet-stream',
    });
    try {
      await putFile(slot, file, (fraction) => { bar.value = Math.round(fraction * 100); });
    } catch (e) {
      state.textContent = `${t('uploadFailed')}: ${file.name}`;
      throw e;
    }
    bar.value = 100;
    state.textContent = `${t('uploaded')}: ${file.name}`;
    ids.push(slot.attachment.id);
  }
  return ids;
}
