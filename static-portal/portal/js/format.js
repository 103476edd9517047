// Dates, sizes and the SLA light both sites show (static-portal/shared/format.js).
export * from '../shared/format.js';
