// The host as a container app that scales to zero: KEDA wakes it on HTTP traffic and on work
// waiting in its queues (read with the host's managed identity; the account has no shared key).
@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param name string

@description('The container image of the host, e.g. myregistry.azurecr.io/astroblob:1.0.0.')
param image string

@description('Registry server to pull the image from with the host\'s identity (empty: a public image).')
param registryServer string

@description('vCPU per replica.')
@allowed(['0.25', '0.5', '0.75', '1.0', '1.25', '1.5', '1.75', '2.0'])
param cpu string

@description('Memory per replica, matching the vCPU (0.5 vCPU -> 1Gi).')
param memory string

@description('Most replicas under load.')
@minValue(1)
@maxValue(30)
param maxReplicas int

@description('Concurrent HTTP requests per replica before KEDA adds one.')
param httpConcurrency int

@description('Messages waiting in a queue per replica before KEDA adds one.')
param queueLength int

@description('Resource id of the host\'s user-assigned managed identity.')
param identityId string

@description('Client id of that identity (DefaultAzureCredential picks it through AZURE_CLIENT_ID).')
param identityClientId string

@description('Log Analytics workspace the environment sends container logs to.')
param workspaceName string

param storageAccountName string
param tableEndpoint string
param queueEndpoint string
param blobEndpoint string
param workQueues array

@description('Key Vault URI holding smtp-password, email-token-key and platform-api-key.')
param vaultUri string

@description('SMTP user name of the Communication Services relay.')
param smtpUser string

@description('Sender address of outgoing mail.')
param fromAddress string

@description('Domain whose inbound-parse service posts replies to /api/o/{observatory}/inbound/email.')
param replyDomain string

@description('Extra settings for the host as name/value pairs (environment variables, "__" for ":").')
param extraSettings array

param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${name}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }]
  }
}

var appName = '${name}-host'
var publicUrl = 'https://${appName}.${environment.properties.defaultDomain}/'

var settings = concat([
  { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
  { name: 'ASPNETCORE_URLS', value: 'http://+:8080' }
  // The ingress is the only way in and appends the client's address and scheme to
  // X-Forwarded-For/-Proto: the host takes the last entry, so the sign-in rate limit is per
  // client (not one limit for everybody behind the proxy) and links it builds use https.
  { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'Storage__TableEndpoint', value: tableEndpoint }
  { name: 'Storage__QueueEndpoint', value: queueEndpoint }
  { name: 'Storage__BlobEndpoint', value: blobEndpoint }
  { name: 'Email__SmtpHost', value: 'smtp.azurecomm.net' }
  { name: 'Email__SmtpPort', value: '587' }
  { name: 'Email__SmtpSecurity', value: 'StartTls' }
  { name: 'Email__SmtpUser', value: smtpUser }
  { name: 'Email__SmtpPassword', secretRef: 'smtp-password' }
  { name: 'Email__TokenKey', secretRef: 'email-token-key' }
  { name: 'Email__FromAddress', value: fromAddress }
  { name: 'Email__ReplyDomain', value: replyDomain }
  { name: 'Email__MessageIdDomain', value: replyDomain }
  { name: 'Email__PublicBaseUrl', value: publicUrl }
  { name: 'Platform__ApiKey', secretRef: 'platform-api-key' }
], extraSettings)

resource host 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
      secrets: [
        { name: 'smtp-password', keyVaultUrl: '${vaultUri}secrets/smtp-password', identity: identityId }
        { name: 'email-token-key', keyVaultUrl: '${vaultUri}secrets/email-token-key', identity: identityId }
        { name: 'platform-api-key', keyVaultUrl: '${vaultUri}secrets/platform-api-key', identity: identityId }
      ]
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: { cpu: json(cpu), memory: memory }
          env: settings
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/api/health/live', port: 8080 }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/api/health/ready', port: 8080 }
              periodSeconds: 5
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        rules: concat([
          {
            name: 'http'
            http: { metadata: { concurrentRequests: string(httpConcurrency) } }
          }
        ], map(workQueues, queue => {
          name: 'queue-${queue}'
          custom: {
            type: 'azure-queue'
            identity: identityId
            metadata: {
              accountName: storageAccountName
              queueName: queue
              queueLength: string(queueLength)
            }
          }
        }))
      }
    }
  }
}

output hostUrl string = publicUrl
output environmentName string = environment.name
output appName string = host.name
