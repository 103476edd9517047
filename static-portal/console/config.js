// Where the console finds its API and which observatory it is for.
//
// Served by the AstroBlob host at /console/{observatory}/, leave apiBase and observatory empty:
// the observatory is read from the page's path and the API is the page's own origin.
export const config = {
  // Which site this is: the session is kept per site (a customer and a technician can share a browser).
  site: 'console',
  apiBase: '',
  observatory: '',
  // How often queues and an open ticket ask for changes.
  pollSeconds: 3,
};
