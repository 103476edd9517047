namespace AstroBlob.Domain.Tickets;

public enum TicketStatus
{
    Open,
    InProgress,
    Blocked,
    Finished,
    Cancelled,
    /// <summary>The customer accepted the finished work (VoBo): closed for good.</summary>
    Closed,
}

public enum TicketPriority
{
    Low,
    Medium,
    High,
    Critical,
}

public enum TicketType
{
    Question,
    Installation,
    Repair,
    Upgrade,
    Visit,
}

public enum WaitingOn
{
    None,
    Customer,
    Provider,
    Support,
}

public enum Visibility
{
    Public,
    Internal,
}
