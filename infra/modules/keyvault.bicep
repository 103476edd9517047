// Secrets the host reads through its managed identity: the SMTP relay password and the keys
// that sign reply addresses and guard the platform API. RBAC only, purge protection on.
@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Resource id of the host\'s managed identity (names its role assignments).')
param hostIdentityId string

@description('Principal id of the host\'s managed identity.')
param hostPrincipalId string

@description('Password of the Communication Services SMTP relay (an Entra application secret).')
@secure()
param smtpPassword string

@description('Base64 of 32+ random bytes: signs the reply+token addresses in mails.')
@secure()
param emailTokenKey string

@description('The operator\'s key for POST /api/platform/observatories.')
@secure()
param platformApiKey string

param tags object

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource smtp 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'smtp-password'
  properties: { value: smtpPassword }
}

resource tokenKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'email-token-key'
  properties: { value: emailTokenKey }
}

resource platformKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'platform-api-key'
  properties: { value: platformApiKey }
}

resource hostReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, hostIdentityId, secretsUser)
  properties: {
    principalId: hostPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

output vaultUri string = vault.properties.vaultUri
output vaultName string = vault.name
