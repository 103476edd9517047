// Where the portal finds its API and which observatory it is for.
//
// Served by the AstroBlob host at /portal/{observatory}/, leave both empty: the observatory is
// read from the page's path and the API is the page's own origin.
//
// Published to another static host, set them, e.g.
//   apiBase: 'https://support.example.org', observatory: 'demo'
// and declare the static site's origin among the observatory's embed origins (CORS).
export const config = {
  // Which site this is: the session is kept per site (a customer and a technician can share a browser).
  site: 'portal',
  apiBase: '',
  observatory: '',
  // How often an open conversation asks for new messages (a cheap "newer than" query).
  pollSeconds: 4,
};
