using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo observatories at start-up (only honoured in the Development environment).</summary>
    public bool Seed { get; set; }
}

/// <summary>Seeds the demo observatory <c>demo</c> and a second one, <c>other</c>, when absent.</summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    IHostEnvironment environment,
    ObservatoryStore observatories,
    ObservatoryProvisioning provisioning,
    PeopleService people,
    TicketService tickets,
    AttachmentService attachments,
    BlobFiles blobs,
    CustomFieldStore customFields,
    ILogger<DemoSeeder> logger) : IStartupTask
{
    public const string Password = "Demo-2026!";

    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Seed || !environment.IsDevelopment())
        {
            return;
        }

        if (await observatories.GetAsync("demo", ct) is null)
        {
            await SeedDemoAsync(ct);
            LogSeeded(logger, "demo");
        }

        if (await observatories.GetAsync("other", ct) is null)
        {
            await SeedOtherAsync(ct);
            LogSeeded(logger, "other");
        }
    }

    /// <summary>Posts a message with a file the way a client does: slot, upload, post; the processor does the rest once the host runs.</summary>
    private async Task PostWithFileAsync(Tenant tenant, Actor actor, string code, string body, string fileName, byte[] bytes, CancellationToken ct)
    {
        var (slot, _) = await attachments.CreateSlotAsync(tenant, actor, code, new UploadSlotRequest { FileName = fileName, Size = bytes.Length }, ct);
        await blobs.Quarantine.GetBlobClient(BlobFiles.UploadName(tenant.Slug, slot.TicketCode, slot.Id)).UploadAsync(new BinaryData(bytes), overwrite: true, ct);
        await tickets.AddMessageAsync(tenant, actor, code, body, Visibility.Public, null, ct,
            c => attachments.PrepareForMessageAsync(tenant, actor, code, [slot.Id], c));
    }

    /// <summary>A flat frame with the left-to-right gradient the customer complains about.</summary>
    private static byte[] DemoFlat()
    {
        using var image = new ImageMagick.MagickImage("gradient:gray40-gray85", 600, 800);
        image.Rotate(90);
        return image.ToByteArray(ImageMagick.MagickFormat.Png);
    }

    private async Task SeedDemoAsync(CancellationToken ct)
    {
        const string slug = "demo";
        await provisioning.CreateAsync(new CreateObservatoryRequest
        {
            Slug = slug,
            Name = "Observatorio Demo",
            TicketPrefix = "DEMO",
            TimeZone = "Atlantic/Canary",
            AdminName = "Alicia Admin",
            AdminEmail = "admin@demo.example",
            AdminPassword = Password,
        }, ct);
        var l1 = await people.CreateStaffAsync(slug, new CreateStaffRequest { Name = "Luis Primera Línea", Email = "l1@demo.example", Role = "technician", Level = 1, Password = Password }, ct);
        var l2 = await people.CreateStaffAsync(slug, new CreateStaffRequest { Name = "Marta Segunda Línea", Email = "l2@demo.example", Role = "technician", Level = 2, Password = Password }, ct);

        var anaCustomer = await people.SaveCustomerAsync(slug, null, new CustomerRequest { Name = "Astrofotografía Ana S.L.", Email = "ana@customer.example", Phone = "+34 600 000 001" }, ct);
        var ana = await people.AddContactAsync(slug, anaCustomer.Id, new CreateContactRequest { Name = "Ana García", Email = "ana@customer.example", Password = Password }, ct);
        var benCustomer = await people.SaveCustomerAsync(slug, null, new CustomerRequest { Name = "Ben Carter", Email = "ben@customer.example" }, ct);
        var ben = await people.AddContactAsync(slug, benCustomer.Id, new CreateContactRequest { Name = "Ben Carter", Email = "ben@customer.example", Password = Password, Language = "en" }, ct);

        var anaRc = await people.SaveTelescopeAsync(slug, null, new TelescopeRequest { Name = "RC 16\" Ana", CustomerId = anaCustomer.Id, Model = "RC 16\" f/8", Mount = "10Micron GM2000", Camera = "QHY600M", Location = "Caseta 3, pilar A" }, ct);
        var anaRefractor = await people.SaveTelescopeAsync(slug, null, new TelescopeRequest { Name = "Refractor 130 Ana", CustomerId = anaCustomer.Id, Model = "TOA-130", Mount = "EQ8-R", Camera = "ASI2600MC", Location = "Caseta 3, pilar B" }, ct);
        var benNewton = await people.SaveTelescopeAsync(slug, null, new TelescopeRequest { Name = "Newton 300 Ben", CustomerId = benCustomer.Id, Model = "ASA 300N", Mount = "ASA DDM85", Camera = "FLI ML16803", Location = "Caseta 5, pilar A" }, ct);

        var tenant = new Tenant((await observatories.GetAsync(slug, ct))!);
        var anaActor = ana.ToActor();
        var benActor = ben.ToActor();
        var l1Actor = l1.ToActor();
        var l2Actor = l2.ToActor();

        // Open, untouched.
        await tickets.CreateAsync(tenant, anaActor, new CreateTicketRequest { Title = "La montura pierde el seguimiento tras el meridiano", Description = "Desde anoche la GM2000 deja de seguir después del flip.", Type = TicketType.Repair, Priority = TicketPriority.High, TelescopeId = anaRc.Id }, null, ct);

        // In progress, assigned, with a conversation and an internal note.
        var (focuser, _, _) = await tickets.CreateAsync(tenant, anaActor, new CreateTicketRequest { Title = "Instalar enfocador motorizado en el refractor", Description = "Quiero añadir un enfocador EAF al TOA-130.", Type = TicketType.Installation, TelescopeId = anaRefractor.Id }, null, ct);
        await PatchAsync(tenant, l1Actor, focuser.Code, new TicketPatch { Status = TicketStatus.InProgress, Assignees = new Optional<IReadOnlyList<string>>(true, [l1.Id]) }, ct);
        await tickets.AddMessageAsync(tenant, l1Actor, focuser.Code, "Hola Ana, lo instalamos el jueves por la tarde. ¿Nos dejas el enfocador en la caseta?", Visibility.Public, null, ct);
        await tickets.AddMessageAsync(tenant, l1Actor, focuser.Code, "Revisar el cableado del pilar B antes de ir.", Visibility.Internal, null, ct);
        await tickets.AddMessageAsync(tenant, anaActor, focuser.Code, "Perfecto, lo dejo el miércoles.", Visibility.Public, null, ct);

        // Waiting on the customer.
        var (question, _, _) = await tickets.CreateAsync(tenant, benActor, new CreateTicketRequest { Title = "Flat frames look uneven", Description = "My flats show a gradient from left to right.", Type = TicketType.Question, Priority = TicketPriority.Low, TelescopeId = benNewton.Id }, null, ct);
        await tickets.AddMessageAsync(tenant, l1Actor, question.Code, "Could you send us one raw flat and the panel settings you used?", Visibility.Public, null, ct);
        await PatchAsync(tenant, l1Actor, question.Code, new TicketPatch { WaitingOn = WaitingOn.Customer, Assignees = new Optional<IReadOnlyList<string>>(true, [l1.Id]) }, ct);
        await PostWithFileAsync(tenant, benActor, question.Code, "Here is one raw flat (panel at 30%, 2 s).", "flat-raw-0001.png", DemoFlat(), ct);

        // Escalated to second line, blocked on a provider.
        var (camera, _, _) = await tickets.CreateAsync(tenant, benActor, new CreateTicketRequest { Title = "Camera cooler fails at -20 °C", Type = TicketType.Repair, Priority = TicketPriority.Critical, TelescopeId = benNewton.Id }, null, ct);
        await PatchAsync(tenant, l2Actor, camera.Code, new TicketPatch { Status = TicketStatus.Blocked, SupportLevel = 2, WaitingOn = WaitingOn.Provider, ExternalRef = "FLI-RMA-4471", Assignees = new Optional<IReadOnlyList<string>>(true, [l2.Id]), ResponsibleId = new Optional<string?>(true, l2.Id), Billable = true }, ct);

        // The observatory's own ticket fields, and the desk's labels.
        await customFields.SaveAsync(tenant.Slug, CustomFieldRules.Define(
        [
            new CustomFieldDefinition { Key = "numero_serie", Label = "Número de serie", LabelEn = "Serial number", Kind = CustomFieldKind.Text, CustomerVisible = true },
            new CustomFieldDefinition { Key = "montura", Label = "Montura", LabelEn = "Mount", Kind = CustomFieldKind.Choice, Options = ["Ecuatorial", "Altazimutal", "Horquilla"] },
            new CustomFieldDefinition { Key = "temperatura_c", Label = "Temperatura (°C)", LabelEn = "Temperature (°C)", Kind = CustomFieldKind.Number },
            new CustomFieldDefinition { Key = "fecha_visita", Label = "Fecha de visita", LabelEn = "Visit date", Kind = CustomFieldKind.Date, CustomerVisible = true },
        ], CustomFieldSet.Empty), ct);
        var (_, cameraEtag) = await tickets.GetVisibleAsync(tenant, l2Actor, camera.Code, ct);
        await tickets.PatchAsync(tenant, l2Actor, camera.Code, new TicketPatch(), new Dictionary<string, string?> { ["numero_serie"] = "ML16803-2291", ["temperatura_c"] = "-20" }, cameraEtag, ct);
        await tickets.ChangeAsync(tenant, l2Actor, camera.Code, "tag_added", (t, now) => t.AddTag("cámara", l2Actor, now), ct);
        await tickets.ChangeAsync(tenant, l2Actor, camera.Code, "tag_added", (t, now) => t.AddTag("rma", l2Actor, now), ct);

        // Finished, waiting for the customer's sign-off (VoBo).
        var (collimation, _, _) = await tickets.CreateAsync(tenant, anaActor, new CreateTicketRequest { Title = "Colimación del RC tras el transporte", Type = TicketType.Repair, TelescopeId = anaRc.Id }, null, ct);
        await tickets.AddMessageAsync(tenant, l2Actor, collimation.Code, "Colimado con láser y estrella artificial; adjunto informe en la próxima visita.", Visibility.Public, null, ct);
        await PatchAsync(tenant, l2Actor, collimation.Code, new TicketPatch { Status = TicketStatus.Finished, Assignees = new Optional<IReadOnlyList<string>>(true, [l2.Id]) }, ct);

        // Closed with the customer's sign-off.
        var (visit, _, _) = await tickets.CreateAsync(tenant, benActor, new CreateTicketRequest { Title = "Visit to check the dome shutter", Type = TicketType.Visit, TelescopeId = benNewton.Id }, null, ct);
        await PatchAsync(tenant, l1Actor, visit.Code, new TicketPatch { Status = TicketStatus.Finished }, ct);
        await tickets.SignOffAsync(tenant, benActor, visit.Code, ct);
    }

    private async Task SeedOtherAsync(CancellationToken ct)
    {
        const string slug = "other";
        await provisioning.CreateAsync(new CreateObservatoryRequest
        {
            Slug = slug,
            Name = "Otro Observatorio",
            TicketPrefix = "OTRO",
            TimeZone = "Europe/Madrid",
            AdminName = "Otto Admin",
            AdminEmail = "admin@other.example",
            AdminPassword = Password,
        }, ct);
        var carlaCustomer = await people.SaveCustomerAsync(slug, null, new CustomerRequest { Name = "Carla Ruiz" }, ct);
        var carla = await people.AddContactAsync(slug, carlaCustomer.Id, new CreateContactRequest { Name = "Carla Ruiz", Email = "carla@other.example", Password = Password }, ct);
        var scope = await people.SaveTelescopeAsync(slug, null, new TelescopeRequest { Name = "SCT 14 Carla", CustomerId = carlaCustomer.Id, Model = "Celestron C14 EdgeHD" }, ct);
        var tenant = new Tenant((await observatories.GetAsync(slug, ct))!);
        await tickets.CreateAsync(tenant, carla.ToActor(), new CreateTicketRequest { Title = "Revisión anual del SCT", Type = TicketType.Visit, TelescopeId = scope.Id }, null, ct);
    }

    private async Task PatchAsync(Tenant tenant, Actor actor, string code, TicketPatch patch, CancellationToken ct)
    {
        var (_, etag) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        await tickets.PatchAsync(tenant, actor, code, patch, null, etag, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo observatory {Observatory}")]
    private static partial void LogSeeded(ILogger logger, string observatory);
}
