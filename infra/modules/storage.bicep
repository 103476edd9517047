// The one storage account: tables (tickets), queues (triggers), blobs (attachments, with the
// quarantine container uploads land in). No shared-key access: the host, KEDA and Event Grid
// all use Entra ID (managed identities and role assignments).
@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Redundancy of the account.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param sku string

@description('Origins whose pages PUT uploads to and GET files from Blob Storage (the portal, the console, embedding sites).')
param corsOrigins array

@description('Resource id of the host\'s managed identity (names its role assignments).')
param hostIdentityId string

@description('Principal id of the host\'s managed identity.')
param hostPrincipalId string

param tags object

// The queues the host's triggers read (functions/AstroBlob.Functions: Sla, Email, Attachments, Desk).
var workQueues = ['sla-timers', 'email-outbox', 'attachment-events', 'ticket-merges']
var poisonQueues = [for q in workQueues: '${q}-poison']

// Built-in roles the host needs on the account.
var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: accountName
  location: location
  tags: tags
  sku: { name: sku }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    cors: {
      corsRules: empty(corsOrigins) ? [] : [
        {
          allowedOrigins: corsOrigins
          allowedMethods: ['GET', 'HEAD', 'PUT', 'OPTIONS']
          allowedHeaders: ['content-type', 'x-ms-blob-type', 'x-ms-blob-content-type', 'x-ms-version']
          exposedHeaders: ['etag', 'content-length', 'content-type']
          maxAgeInSeconds: 3600
        }
      ]
    }
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in ['quarantine', 'attachments', 'locks']: {
    parent: blobs
    name: container
    properties: { publicAccess: 'None' }
  }
]

// Uploads nobody finished or the processor refused: the processor deletes them, this catches the rest.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'quarantine-leftovers'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['quarantine/'] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 2 } } }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in concat(workQueues, poisonQueues): {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource hostRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    scope: account
    name: guid(account.id, hostIdentityId, role.value)
    properties: {
      principalId: hostPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

output accountName string = account.name
output accountId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output workQueues array = workQueues
output attachmentQueue string = 'attachment-events'
