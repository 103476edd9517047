namespace AstroBlob.Domain.Common;

/// <summary>Size limits shared by validation and storage (a Table property holds 64 KiB of UTF-16).</summary>
public static class Limits
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 20_000;
    public const int MessageBodyMax = 64_000;
    public const int NameMax = 200;
    public const int ShortTextMax = 200;
    public const int NotesMax = 4_000;
    public const int ExternalRefMax = 100;
    public const int EmailMax = 254;
    public const int MaxAssignees = 10;
    public const int MaxCc = 10;
    public const int PasswordMin = 10;
    public const int PasswordMax = 200;
}
