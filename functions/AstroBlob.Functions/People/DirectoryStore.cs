using AstroBlob.Domain.People;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.People;

/// <summary>
/// People, customers and telescopes of an observatory, all in its partition of the Directory
/// table, so that an entity and its unique-key and index rows change in one transaction.
/// </summary>
public sealed class DirectoryStore(Tables tables)
{
    private TableClient Table => tables.Directory;

    // ---- users ----

    public async Task<(User User, ETag ETag)?> GetUserAsync(string observatory, string userId, CancellationToken ct)
    {
        if (!Keys.IsId(userId))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, Keys.Join("user", userId), ct);
        return row is null ? null : (JsonRows.Read<User>(row), row.ETag);
    }

    public async Task<User?> FindUserByEmailAsync(string observatory, string email, CancellationToken ct)
    {
        var pointer = await Table.GetOrNullAsync(observatory, Keys.Join("email", Keys.Escape(email)), ct);
        var userId = pointer?.GetString("UserId");
        return userId is null ? null : (await GetUserAsync(observatory, userId, ct))?.User;
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(string observatory, CancellationToken ct)
    {
        var result = new List<User>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, "user|"), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<User>(row));
        }

        return result;
    }

    /// <summary>Adds a user and claims their e-mail in one transaction; a taken e-mail is a 409.</summary>
    public async Task AddUserAsync(string observatory, User user, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, JsonRows.Create(observatory, Keys.Join("user", user.Id), user)),
            new(TableTransactionActionType.Add, EmailRow(observatory, user)),
        };
        if (user.CustomerId is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(observatory, Keys.Join("ccontact", user.CustomerId, user.Id))));
        }

        await SubmitAsync(actions, "email_taken", "Another person of this observatory already uses that e-mail.", ct);
    }

    /// <summary>Replaces a user guarded by its ETag; moves the e-mail claim when the address changes.</summary>
    public async Task UpdateUserAsync(string observatory, User before, User after, ETag etag, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, JsonRows.Create(observatory, Keys.Join("user", after.Id), after), etag),
        };
        if (before.Email != after.Email)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, Keys.Join("email", Keys.Escape(before.Email))), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, EmailRow(observatory, after)));
        }

        await SubmitAsync(actions, "email_taken", "Another person of this observatory already uses that e-mail.", ct);
    }

    // ---- customers ----

    public async Task<(Customer Customer, ETag ETag)?> GetCustomerAsync(string observatory, string customerId, CancellationToken ct)
    {
        if (!Keys.IsId(customerId))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, Keys.Join("cust", customerId), ct);
        return row is null ? null : (JsonRows.Read<Customer>(row), row.ETag);
    }

    public async Task<string?> FindCustomerIdByExternalIdAsync(string observatory, string externalId, CancellationToken ct) =>
        (await Table.GetOrNullAsync(observatory, Keys.Join("custext", Keys.Escape(externalId)), ct))?.GetString("CustomerId");

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(string observatory, CancellationToken ct)
    {
        var result = new List<Customer>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, "cust|"), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<Customer>(row));
        }

        return result;
    }

    public async Task<IReadOnlyList<User>> ListContactsAsync(string observatory, string customerId, CancellationToken ct)
    {
        var result = new List<User>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, $"ccontact|{customerId}|"), select: ["RowKey"], cancellationToken: ct))
        {
            var userId = row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..];
            if (await GetUserAsync(observatory, userId, ct) is { } user)
            {
                result.Add(user.User);
            }
        }

        return result;
    }

    public async Task SaveCustomerAsync(string observatory, Customer customer, ETag? etag, string? previousExternalId, CancellationToken ct)
    {
        var row = JsonRows.Create(observatory, Keys.Join("cust", customer.Id), customer);
        var actions = new List<TableTransactionAction>
        {
            etag is { } e ? new(TableTransactionActionType.UpdateReplace, row, e) : new(TableTransactionActionType.Add, row),
        };
        if (previousExternalId != customer.ExternalId)
        {
            if (previousExternalId is not null)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, Keys.Join("custext", Keys.Escape(previousExternalId))), ETag.All));
            }

            if (customer.ExternalId is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(observatory, Keys.Join("custext", Keys.Escape(customer.ExternalId))) { ["CustomerId"] = customer.Id }));
            }
        }

        await SubmitAsync(actions, "external_id_taken", "Another customer already has that external id.", ct);
    }

    // ---- telescopes ----

    public async Task<(Telescope Telescope, ETag ETag)?> GetTelescopeAsync(string observatory, string telescopeId, CancellationToken ct)
    {
        if (!Keys.IsId(telescopeId))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, Keys.Join("tel", telescopeId), ct);
        return row is null ? null : (JsonRows.Read<Telescope>(row), row.ETag);
    }

    public async Task<string?> FindTelescopeIdByExternalIdAsync(string observatory, string externalId, CancellationToken ct) =>
        (await Table.GetOrNullAsync(observatory, Keys.Join("telext", Keys.Escape(externalId)), ct))?.GetString("TelescopeId");

    /// <summary>All telescopes, or one customer's through its index rows (cost grows with the result).</summary>
    public async Task<IReadOnlyList<Telescope>> ListTelescopesAsync(string observatory, string? customerId, CancellationToken ct)
    {
        var prefix = customerId is null ? "tel|" : $"ctel|{customerId}|";
        var result = new List<Telescope>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, prefix), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<Telescope>(row));
        }

        return result;
    }

    /// <summary>Saves a telescope with its per-customer index row (a snapshot) and its external-id claim in one transaction.</summary>
    public async Task SaveTelescopeAsync(string observatory, Telescope telescope, ETag? etag, Telescope? before, CancellationToken ct)
    {
        var row = JsonRows.Create(observatory, Keys.Join("tel", telescope.Id), telescope);
        var actions = new List<TableTransactionAction>
        {
            etag is { } e ? new(TableTransactionActionType.UpdateReplace, row, e) : new(TableTransactionActionType.Add, row),
        };
        if (before is not null && before.CustomerId != telescope.CustomerId)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, Keys.Join("ctel", before.CustomerId, telescope.Id)), ETag.All));
        }

        actions.Add(new(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, Keys.Join("ctel", telescope.CustomerId, telescope.Id), telescope)));
        if (before?.ExternalId != telescope.ExternalId)
        {
            if (before?.ExternalId is not null)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, Keys.Join("telext", Keys.Escape(before.ExternalId))), ETag.All));
            }

            if (telescope.ExternalId is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(observatory, Keys.Join("telext", Keys.Escape(telescope.ExternalId))) { ["TelescopeId"] = telescope.Id }));
            }
        }

        await SubmitAsync(actions, "external_id_taken", "Another telescope already has that external id.", ct);
    }

    private static TableEntity EmailRow(string observatory, User user) =>
        new(observatory, Keys.Join("email", Keys.Escape(user.Email))) { ["UserId"] = user.Id };

    /// <summary>Submits one single-partition transaction; a 409 on a claim row becomes a clear conflict, a 412 a stale write.</summary>
    private async Task SubmitAsync(List<TableTransactionAction> actions, string conflictCode, string conflictDetail, CancellationToken ct)
    {
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw ApiException.Conflict(conflictCode, conflictDetail);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            throw new ApiException(412, "stale_write", "It was changed by someone else meanwhile; reload and try again.");
        }
    }
}
