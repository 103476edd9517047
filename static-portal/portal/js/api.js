// The API client both sites share (static-portal/shared/api.js, served under ./shared/).
export * from '../shared/api.js';
