// On a phone, shared/base.css lays table rows out as cards and names each cell by its
// data-label; this copies the column headings onto the cells of the library's tables.

/** Labels every body cell with its column's heading; call again after appending rows. */
export function labelCells(table) {
  const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent);
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((cell, i) => {
      if (cell.localName === 'td' && headings[i]) cell.dataset.label = headings[i];
    });
  }
  return table;
}
