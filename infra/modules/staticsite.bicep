// Static hosting for the portal and the console (static-portal/), for observatories that want
// them on a CDN-backed site of their own; the host serves the same files at /portal and /console.
@description('Region of the static site (Static Web Apps exist in a few regions only).')
@allowed(['westeurope', 'westus2', 'centralus', 'eastus2', 'eastasia'])
param location string

@description('Prefix of every resource name.')
param name string

param tags object

resource site 'Microsoft.Web/staticSites@2024-11-01' = {
  name: '${name}-site'
  location: location
  tags: tags
  sku: { name: 'Free', tier: 'Free' }
  properties: {
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output siteUrl string = 'https://${site.properties.defaultHostname}/'
output siteName string = site.name
