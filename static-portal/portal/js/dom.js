// The DOM helpers both sites share (static-portal/shared/dom.js, served under ./shared/).
export * from '../shared/dom.js';
