// Log Analytics (container logs) and a workspace-based Application Insights (OpenTelemetry).
@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param name string

@description('Days the logs are kept.')
@minValue(30)
@maxValue(730)
param retentionDays int

@description('Name of the Log Analytics workspace.')
param workspaceName string

param tags object

resource logs 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: false
  }
}

output workspaceId string = logs.id
output workspaceName string = logs.name
output insightsName string = insights.name
