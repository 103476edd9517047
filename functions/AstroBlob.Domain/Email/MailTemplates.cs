using System.Globalization;
using System.Text;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Email;

/// <summary>Every mail the system sends.</summary>
public enum MailKind
{
    PublicReply,
    StatusFinished,
    StatusCancelled,
    WaitingOnCustomer,
    Assigned,
    Mentioned,
    SlaWarning,
    SlaBreach,
    SlaEscalated,
    MagicLink,
    TicketOpenedByEmail,
    InboundRejected,
}

/// <summary>What one mail says, before rendering.</summary>
/// <param name="Language">"es" (the default, also for anything unknown) or "en"; regional forms such as "en-GB" count.</param>
/// <param name="LogoUrl">The observatory's logo, shown when it is an absolute http(s) address.</param>
/// <param name="TicketCode">The ticket the mail is about; required for every kind but <see cref="MailKind.MagicLink"/> and <see cref="MailKind.InboundRejected"/>.</param>
/// <param name="ActorName">Who did it, as shown ("Tomás (técnico)"); null for the system or the support team.</param>
/// <param name="Body">The message quoted in the mail (a reply, a note, the mail that opened a ticket).</param>
/// <param name="Link">Where the button goes: the ticket, the portal, or the sign-in link.</param>
/// <param name="ReplyAbove">Whether replies to this mail are read: puts <see cref="ReplyText.Marker"/> on top.</param>
/// <param name="Detail">
/// Kind-specific text in the mail's language: the magic link's lifetime ("15 minutos", or a bare
/// number of minutes such as "15", put into words), why an inbound mail was rejected, why a ticket
/// was cancelled, the SLA deadline or escalation level.
/// </param>
public sealed record MailContent(
    MailKind Kind, string Language, string ObservatoryName, Uri? LogoUrl, string? TicketCode, string? TicketTitle,
    string? ActorName, string? Body, Uri Link, bool ReplyAbove, string? Detail = null);

/// <summary>A mail ready for MIME: its subject and both alternative bodies (LF line endings).</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The words and layout of every outgoing mail, in Spanish (the default) or English, as plain text
/// and as simple inline-styled HTML that mail clients render without a stylesheet. Everything that
/// came from a person is HTML-escaped.
/// </summary>
public static class MailTemplates
{
    private const string Font = "font-family:Arial,Helvetica,sans-serif;";

    public static RenderedMail Render(MailContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(content.ObservatoryName, nameof(content));
        ArgumentNullException.ThrowIfNull(content.Link, nameof(content));
        if (!IsWebAddress(content.Link))
        {
            throw new ArgumentException("The link must be an absolute http(s) address.", nameof(content));
        }

        var code = TicketCodeOf(content);

        // Names and titles go into headers and headings: one line each.
        content = content with
        {
            ObservatoryName = OneLine(content.ObservatoryName),
            TicketTitle = content.TicketTitle is null ? null : OneLine(content.TicketTitle),
            ActorName = string.IsNullOrWhiteSpace(content.ActorName) ? null : OneLine(content.ActorName),
        };
        var english = IsEnglish(content.Language);
        var copy = english ? English(content, code) : Spanish(content, code);
        var subject = OneLine(code is null ? copy.Subject : $"[{code}] {copy.Subject}");

        // A marker in a mail nobody can answer (a sign-in link, a refusal) would only invite replies that go nowhere.
        var marker = content.ReplyAbove && content.Kind is not (MailKind.MagicLink or MailKind.InboundRejected);
        var hint = english ? "Reply to this e-mail to answer." : "Responde a este correo para contestar.";
        var footer = english
            ? $"You received this e-mail from {content.ObservatoryName} support."
            : $"Has recibido este correo del soporte de {content.ObservatoryName}.";

        var parts = new Parts(content, code, copy, marker ? hint : null, footer);
        return new RenderedMail(subject, Text(parts), Html(parts, english ? "en" : "es", subject));
    }

    /// <summary>The words of one mail: the subject (without the code), what happened, notes below the body, the button.</summary>
    private sealed record Copy(string Subject, string Lead, IReadOnlyList<string> Notes, string Button);

    private sealed record Parts(MailContent Content, string? Code, Copy Copy, string? Hint, string Footer);

    private static Copy Spanish(MailContent c, string? code)
    {
        var title = c.TicketTitle is { Length: > 0 } t ? $": {t}" : string.Empty;
        var actor = c.ActorName;
        var who = actor ?? "El equipo de soporte";
        const string ViewTicket = "Ver el ticket";
        return c.Kind switch
        {
            MailKind.PublicReply => new($"Nueva respuesta{title}", $"{who} ha respondido:", [], ViewTicket),
            MailKind.StatusFinished => new(
                $"Ticket finalizado{title}",
                $"{who} ha marcado el ticket como finalizado.",
                [.. Maybe(c.Detail, d => $"Nota: {d}"), "Revisa el trabajo y, si todo está correcto, da tu VoBo en el portal."],
                "Revisar y dar el VoBo"),
            MailKind.StatusCancelled => new($"Ticket cancelado{title}", $"{who} ha cancelado el ticket.", Maybe(c.Detail, d => $"Motivo: {d}"), ViewTicket),
            MailKind.WaitingOnCustomer => new(
                $"Necesitamos tu respuesta{title}",
                $"{who} necesita información tuya para continuar.",
                [.. Maybe(c.Detail, d => d), "Mientras tanto, el ticket queda en espera."],
                "Responder en el portal"),
            MailKind.Assigned => new(
                $"Ticket asignado{title}",
                actor is null ? "Se te ha asignado este ticket." : $"{actor} te ha asignado este ticket.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.Mentioned => new($"Te han mencionado{title}", $"{who} te ha mencionado en una nota interna:", [], ViewTicket),
            MailKind.SlaWarning => new(
                $"Aviso de SLA{title}",
                "El semáforo SLA de este ticket está en amarillo: el plazo está a punto de vencer.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.SlaBreach => new(
                $"SLA incumplido{title}",
                "El semáforo SLA de este ticket está en rojo: se ha superado el plazo.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.SlaEscalated => new(
                $"Ticket escalado{title}",
                actor is null ? "El ticket se ha escalado por el SLA." : $"{actor} ha escalado el ticket.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.MagicLink => new(
                $"Tu enlace de acceso a {c.ObservatoryName}",
                $"Usa este enlace para entrar en el portal de soporte de {c.ObservatoryName}.",
                [.. Maybe(c.Detail, d => $"El enlace caduca en {Lifetime(d, "minuto", "minutos")}."), "Si no lo has pedido tú, ignora este correo: nadie podrá entrar sin él."],
                "Entrar en el portal"),
            MailKind.TicketOpenedByEmail => new(
                $"Hemos recibido tu solicitud{title}",
                $"Hemos abierto el ticket {code} con tu correo. Te avisaremos por correo de cada novedad.",
                [],
                ViewTicket),
            MailKind.InboundRejected => new(
                code is null ? "No hemos podido procesar tu correo" : $"No hemos podido añadir tu correo{title}",
                code is null
                    ? $"Tu correo a {c.ObservatoryName} no se ha podido procesar."
                    : $"Tu correo no se ha podido añadir al ticket {code}.",
                [.. Maybe(c.Detail, d => $"Motivo: {d}"), "Puedes escribir tu mensaje desde el portal."],
                code is null ? "Ir al portal" : ViewTicket),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown mail kind."),
        };
    }

    private static Copy English(MailContent c, string? code)
    {
        var title = c.TicketTitle is { Length: > 0 } t ? $": {t}" : string.Empty;
        var actor = c.ActorName;
        var who = actor ?? "The support team";
        const string ViewTicket = "View the ticket";
        return c.Kind switch
        {
            MailKind.PublicReply => new($"New reply{title}", $"{who} replied:", [], ViewTicket),
            MailKind.StatusFinished => new(
                $"Ticket finished{title}",
                $"{who} marked the ticket as finished.",
                [.. Maybe(c.Detail, d => $"Note: {d}"), "Please check the work and, if everything is in order, give your sign-off (VoBo) in the portal."],
                "Review and sign off"),
            MailKind.StatusCancelled => new($"Ticket cancelled{title}", $"{who} cancelled the ticket.", Maybe(c.Detail, d => $"Reason: {d}"), ViewTicket),
            MailKind.WaitingOnCustomer => new(
                $"We need your reply{title}",
                $"{who} needs information from you to continue.",
                [.. Maybe(c.Detail, d => d), "Until then the ticket is on hold."],
                "Reply in the portal"),
            MailKind.Assigned => new(
                $"Ticket assigned to you{title}",
                actor is null ? "This ticket was assigned to you." : $"{actor} assigned this ticket to you.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.Mentioned => new($"You were mentioned{title}", $"{who} mentioned you in an internal note:", [], ViewTicket),
            MailKind.SlaWarning => new(
                $"SLA warning{title}",
                "The SLA light for this ticket is yellow: the deadline is close.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.SlaBreach => new(
                $"SLA breached{title}",
                "The SLA light for this ticket is red: the deadline has passed.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.SlaEscalated => new(
                $"Ticket escalated{title}",
                actor is null ? "The ticket was escalated by the SLA." : $"{actor} escalated the ticket.",
                Maybe(c.Detail, d => d),
                ViewTicket),
            MailKind.MagicLink => new(
                $"Your sign-in link for {c.ObservatoryName}",
                $"Use this link to sign in to the {c.ObservatoryName} support portal.",
                [.. Maybe(c.Detail, d => $"The link expires in {Lifetime(d, "minute", "minutes")}."), "If you did not ask for it, ignore this e-mail: nobody can sign in without it."],
                "Sign in to the portal"),
            MailKind.TicketOpenedByEmail => new(
                $"We have received your request{title}",
                $"We opened ticket {code} from your e-mail. We will let you know by e-mail of every update.",
                [],
                ViewTicket),
            MailKind.InboundRejected => new(
                code is null ? "We could not process your e-mail" : $"We could not add your e-mail{title}",
                code is null
                    ? $"Your e-mail to {c.ObservatoryName} could not be processed."
                    : $"Your e-mail could not be added to ticket {code}.",
                [.. Maybe(c.Detail, d => $"Reason: {d}"), "You can write your message in the portal instead."],
                code is null ? "Go to the portal" : ViewTicket),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown mail kind."),
        };
    }

    /// <summary>The detail as a note when there is one.</summary>
    private static string[] Maybe(string? detail, Func<string, string> note) =>
        string.IsNullOrWhiteSpace(detail) ? [] : [note(detail.Trim())];

    /// <summary>A link's lifetime as given ("15 minutos"), or a bare number of minutes ("15") in words.</summary>
    private static string Lifetime(string detail, string minute, string minutes) =>
        int.TryParse(detail, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? minute : minutes)}")
            : detail.TrimEnd('.');

    private static string Text(Parts p)
    {
        var c = p.Content;
        var text = new StringBuilder();
        if (p.Hint is not null)
        {
            text.Append(ReplyText.Marker).Append('\n').Append(p.Hint).Append("\n\n");
        }

        text.Append(c.ObservatoryName).Append('\n');
        if (p.Code is not null)
        {
            text.Append('[').Append(p.Code).Append(']');
            if (!string.IsNullOrEmpty(c.TicketTitle))
            {
                text.Append(' ').Append(c.TicketTitle);
            }

            text.Append('\n');
        }

        text.Append('\n').Append(p.Copy.Lead).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(c.Body))
        {
            text.Append(Lf(c.Body).Trim('\n')).Append("\n\n");
        }

        foreach (var note in p.Copy.Notes)
        {
            text.Append(Lf(note)).Append("\n\n");
        }

        text.Append(p.Copy.Button).Append(": ").Append(c.Link.AbsoluteUri).Append("\n\n");
        text.Append("-- \n").Append(p.Footer).Append('\n');
        return text.ToString();
    }

    private static string Html(Parts p, string language, string subject)
    {
        var c = p.Content;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:16px;background-color:#f4f5f7;color:#1f2933;").Append(Font).Append("font-size:15px;line-height:1.5;\">\n");
        if (p.Hint is not null)
        {
            html.Append("<div style=\"color:#9aa5b1;font-size:12px;\">").Append(Escape(ReplyText.Marker)).Append("</div>\n")
                .Append("<div style=\"color:#9aa5b1;font-size:12px;margin:0 0 12px;\">").Append(Escape(p.Hint)).Append("</div>\n");
        }

        html.Append("<div style=\"max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;border-radius:6px;\">\n");
        if (c.LogoUrl is { } logo && IsWebAddress(logo))
        {
            html.Append("<img src=\"").Append(Escape(logo.AbsoluteUri)).Append("\" alt=\"").Append(Escape(c.ObservatoryName))
                .Append("\" height=\"40\" style=\"display:block;height:40px;max-width:200px;border:0;margin:0 0 8px;\">\n");
        }

        html.Append("<div style=\"font-size:18px;font-weight:bold;margin:0 0 4px;\">").Append(Escape(c.ObservatoryName)).Append("</div>\n");
        if (p.Code is not null)
        {
            html.Append("<div style=\"font-size:13px;color:#52606d;margin:0 0 16px;\">[").Append(p.Code).Append(']');
            if (!string.IsNullOrEmpty(c.TicketTitle))
            {
                html.Append(' ').Append(Escape(c.TicketTitle));
            }

            html.Append("</div>\n");
        }

        html.Append("<p style=\"margin:16px 0 8px;\">").Append(Escape(p.Copy.Lead)).Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(c.Body))
        {
            html.Append("<div style=\"margin:0 0 16px;padding:8px 12px;border-left:3px solid #cbd2d9;background-color:#f9fafb;\">")
                .Append(Multiline(c.Body)).Append("</div>\n");
        }

        foreach (var note in p.Copy.Notes)
        {
            html.Append("<p style=\"margin:0 0 12px;\">").Append(Multiline(note)).Append("</p>\n");
        }

        var href = Escape(c.Link.AbsoluteUri);
        html.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(href)
            .Append("\" style=\"display:inline-block;padding:10px 20px;background-color:#1f3a5f;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;\">")
            .Append(Escape(p.Copy.Button)).Append("</a></p>\n")
            .Append("<p style=\"margin:0 0 16px;font-size:12px;color:#7b8794;word-break:break-all;\"><a href=\"").Append(href)
            .Append("\" style=\"color:#7b8794;\">").Append(href).Append("</a></p>\n")
            .Append("<hr style=\"border:0;border-top:1px solid #e4e7eb;margin:16px 0;\">\n")
            .Append("<p style=\"margin:0;font-size:12px;color:#7b8794;\">").Append(Escape(p.Footer)).Append("</p>\n")
            .Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string? TicketCodeOf(MailContent c)
    {
        if (c.TicketCode is null)
        {
            return c.Kind is MailKind.MagicLink or MailKind.InboundRejected
                ? null
                : throw new ArgumentException($"A {c.Kind} mail is about a ticket: TicketCode is required.", nameof(c));
        }

        return TicketCode.TryNormalize(c.TicketCode, out var code)
            ? code
            : throw new ArgumentException("TicketCode is not a ticket code.", nameof(c));
    }

    private static bool IsEnglish(string? language) =>
        language is not null
        && language.StartsWith("en", StringComparison.OrdinalIgnoreCase)
        && (language.Length == 2 || language[2] is '-' or '_');

    private static bool IsWebAddress(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Text for a header or a heading: control characters (CR, LF, tab) become spaces, runs of spaces one.</summary>
    private static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var c = char.IsControl(ch) || char.IsWhiteSpace(ch) ? ' ' : ch;
            if (c != ' ' || (line.Length > 0 && line[^1] != ' '))
            {
                line.Append(c);
            }
        }

        return line.ToString().Trim();
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Escaped text with its line breaks as &lt;br&gt;.</summary>
    private static string Multiline(string text) => Escape(Lf(text).Trim('\n')).Replace("\n", "<br>\n", StringComparison.Ordinal);

    /// <summary>
    /// The five characters that matter in HTML text and quoted attributes. Unlike WebUtility.HtmlEncode
    /// it leaves "á" and "ñ" alone: the part is UTF-8, and the Spanish stays readable in the source.
    /// </summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
