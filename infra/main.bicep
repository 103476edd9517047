// AstroBlob Support on Azure, in one resource group:
//   storage (tables, queues, blobs incl. quarantine; Entra ID only) -> Event Grid (BlobCreated ->
//   attachment-events) -> the host on Container Apps (scale to zero; KEDA on HTTP and queues) ->
//   Communication Services e-mail (SMTP relay; password in Key Vault) -> Log Analytics and
//   Application Insights; a Static Web App for the portal and console files.
// Deploy: see infra/README.md.
targetScope = 'resourceGroup'

@description('Azure region of the resources (default: the resource group\'s).')
param location string = resourceGroup().location

@description('Short prefix of every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param prefix string = 'astroblob'

@description('The host\'s container image, e.g. myregistry.azurecr.io/astroblob:1.0.0.')
param image string

@description('Registry the image is pulled from with the host\'s identity (give it AcrPull); empty for a public image.')
param registryServer string = ''

@description('Redundancy of the storage account.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_ZRS'

@description('vCPU per host replica.')
@allowed(['0.25', '0.5', '0.75', '1.0', '1.25', '1.5', '1.75', '2.0'])
param hostCpu string = '0.5'

@description('Memory per host replica (2 GiB per vCPU at most).')
param hostMemory string = '1Gi'

@description('Most host replicas under load.')
@minValue(1)
@maxValue(30)
param hostMaxReplicas int = 5

@description('Concurrent HTTP requests per replica before another one starts.')
param httpConcurrency int = 50

@description('Queued messages per replica before another one starts.')
param queueLength int = 20

@description('Origins of sites that embed the portal or host the static files (blob CORS for uploads and previews).')
param siteOrigins array = []

@description('Region of the Static Web App.')
@allowed(['westeurope', 'westus2', 'centralus', 'eastus2', 'eastasia'])
param staticSiteLocation string = 'westeurope'

@description('Where Communication Services keeps its data.')
param emailDataLocation string = 'Europe'

@description('SMTP user name of the Communication Services relay (free form or an e-mail address).')
param smtpUser string

@description('Application (client) id of the Entra application that sends mail (see infra/README.md).')
param smtpApplicationId string

@description('SMTP password of the relay: the Entra application\'s client secret.')
@secure()
param smtpPassword string

@description('Base64 of 32+ random bytes that sign reply addresses (openssl rand -base64 32).')
@secure()
param emailTokenKey string

@description('The operator\'s key for creating observatories (X-Platform-Key): 32 characters or more.')
@secure()
@minLength(32)
param platformApiKey string

@description('Domain whose inbound-parse service posts customers\' replies to the host.')
param replyDomain string

@description('Days logs are kept.')
param logRetentionDays int = 30

@description('Tags on every resource.')
param tags object = { product: 'astroblob-support' }

// Globally unique names derive from the resource group, so a redeploy finds the same resources.
var unique = substring(uniqueString(resourceGroup().id), 0, 8)
var storageAccountName = '${prefix}${unique}'
var workspaceName = '${prefix}-logs'

resource hostIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${prefix}-host-identity'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    location: location
    workspaceName: workspaceName
    name: prefix
    retentionDays: logRetentionDays
    tags: tags
  }
}

module communication 'modules/communication.bicep' = {
  params: {
    name: prefix
    dataLocation: emailDataLocation
    smtpApplicationId: smtpApplicationId
    smtpUser: smtpUser
    tags: tags
  }
}

module site 'modules/staticsite.bicep' = {
  params: {
    location: staticSiteLocation
    name: prefix
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  params: {
    location: location
    accountName: storageAccountName
    sku: storageSku
    // The host's own origin serves the portal and console too; it is added to CORS after the
    // first deployment (see infra/README.md) because the container app's domain is known only then.
    corsOrigins: concat(siteOrigins, [site.outputs.siteUrl])
    hostIdentityId: hostIdentity.id
    hostPrincipalId: hostIdentity.properties.principalId
    tags: tags
  }
}

module events 'modules/eventgrid.bicep' = {
  params: {
    location: location
    name: prefix
    accountName: storageAccountName
    queueName: storage.outputs.attachmentQueue
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  params: {
    location: location
    vaultName: '${prefix}-kv-${unique}'
    hostIdentityId: hostIdentity.id
    hostPrincipalId: hostIdentity.properties.principalId
    smtpPassword: smtpPassword
    emailTokenKey: emailTokenKey
    platformApiKey: platformApiKey
    tags: tags
  }
}

module app 'modules/containerapp.bicep' = {
  // The environment sends its logs to the workspace, which it finds by name.
  dependsOn: [monitoring]
  params: {
    location: location
    name: prefix
    image: image
    registryServer: registryServer
    cpu: hostCpu
    memory: hostMemory
    maxReplicas: hostMaxReplicas
    httpConcurrency: httpConcurrency
    queueLength: queueLength
    identityId: hostIdentity.id
    identityClientId: hostIdentity.properties.clientId
    workspaceName: workspaceName
    storageAccountName: storageAccountName
    tableEndpoint: storage.outputs.tableEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    blobEndpoint: storage.outputs.blobEndpoint
    workQueues: storage.outputs.workQueues
    vaultUri: vault.outputs.vaultUri
    smtpUser: communication.outputs.smtpUser
    fromAddress: 'DoNotReply@${communication.outputs.senderDomain}'
    replyDomain: replyDomain
    extraSettings: []
    tags: tags
  }
}

@description('The host: API, portal at /portal/{observatory}/, console at /console/{observatory}/.')
output hostUrl string = app.outputs.hostUrl

@description('The static site for the portal and console files.')
output staticSiteUrl string = site.outputs.siteUrl

output storageAccountName string = storage.outputs.accountName
output containerAppName string = app.outputs.appName
output keyVaultName string = vault.outputs.vaultName
output emailSenderDomain string = communication.outputs.senderDomain
output applicationInsightsName string = monitoring.outputs.insightsName
output eventGridTopicName string = events.outputs.topicName
