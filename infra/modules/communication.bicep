// Communication Services e-mail: an Azure-managed sender domain linked to the communication
// resource. The host sends through its SMTP relay (smtp.azurecomm.net:587, STARTTLS) with an
// Entra application's credentials (see infra/README.md: the SMTP user name and password).
@description('Prefix of every resource name.')
param name string

@description('Where the data of Communication Services is kept.')
@allowed(['Europe', 'United States', 'UK', 'Australia', 'Asia Pacific', 'Africa', 'Canada', 'France', 'Germany', 'India', 'Japan', 'Korea', 'Norway', 'Switzerland', 'UAE', 'Brazil'])
param dataLocation string

@description('Application (client) id of the Entra application whose secret is the SMTP password.')
param smtpApplicationId string

@description('SMTP user name the host signs in with (free form or an e-mail address).')
param smtpUser string

param tags object

resource email 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: '${name}-email'
  location: 'global'
  tags: tags
  properties: { dataLocation: dataLocation }
}

resource domain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: email
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: '${name}-acs'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [domain.id]
  }
}

// The relay's user name, tied to the Entra application (its secret is the password, in Key Vault).
resource smtpUsername 'Microsoft.Communication/communicationServices/smtpUsernames@2025-09-01' = {
  parent: communication
  name: 'astroblob-host'
  properties: {
    entraApplicationId: smtpApplicationId
    tenantId: subscription().tenantId
    username: smtpUser
  }
}

output smtpUser string = smtpUsername.properties.username
output communicationName string = communication.name
output senderDomain string = domain.properties.mailFromSenderDomain
