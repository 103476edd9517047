// The upload helper both sites share (static-portal/shared/uploads.js, served under ./shared/).
export * from '../shared/uploads.js';
