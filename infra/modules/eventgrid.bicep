// BlobCreated in the quarantine container -> the attachment-events queue: Azure's event-based
// blob trigger. The system topic delivers with its own managed identity (the account allows no
// shared key), as a sender on the account's queues only.
@description('Azure region.')
param location string

@description('Prefix of every resource name.')
param name string

@description('The storage account name.')
param accountName string

@description('The queue the host\'s attachment processor reads.')
param queueName string

param tags object

var queueMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: accountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${name}-storage-events'
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, topic.id, queueMessageSender)
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSender)
  }
}

resource uploads 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'quarantine-uploads'
  dependsOn: [sender]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    deliveryWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: account.id
          queueName: queueName
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/quarantine/'
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output topicName string = topic.name
