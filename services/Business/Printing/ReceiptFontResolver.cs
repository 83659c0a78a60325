using PdfSharp.Fonts;

namespace HallPlatform.Business.Printing;

/// <summary>
/// PDFsharp's font resolver for printed receipts. The service does not rely on system fonts (a fresh Linux host has
/// none): it ships one TrueType font as an embedded resource, WenQuanYi Micro Hei (Apache-2.0, see
/// Printing/Fonts/NOTICE.md), which covers Latin and Chinese (GB 18030 hanzi), and resolves every family, bold or
/// italic, to that one face without style simulation.
/// </summary>
public sealed class ReceiptFontResolver : IFontResolver
{
    /// <summary>The family the receipt's fonts ask for (any other name resolves to the same face).</summary>
    public const string FamilyName = "WenQuanYi Micro Hei";

    private const string FaceName = "wqy-microhei";
    private const string ResourceName = "HallPlatform.Business.Printing.Fonts.wqy-microhei.ttf";

    private static readonly Lazy<byte[]> FontBytes = new(LoadFont, LazyThreadSafetyMode.ExecutionAndPublication);

    // GlobalFontSettings.FontResolver may be set only once per process and before PDFsharp resolves any font: the
    // first caller installs it, concurrent callers wait for that.
    private static readonly Lazy<ReceiptFontResolver> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private ReceiptFontResolver()
    {
    }

    /// <summary>The bytes of the shipped font file.</summary>
    public static byte[] Font => FontBytes.Value;

    /// <summary>Installs the resolver as PDFsharp's global one, once per process; safe to call from any thread.</summary>
    public static void EnsureInstalled() => _ = Installed.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(FaceName);

    public byte[]? GetFont(string faceName) => FontBytes.Value;

    private static ReceiptFontResolver Install()
    {
        var resolver = new ReceiptFontResolver();
        GlobalFontSettings.FontResolver = resolver;
        return resolver;
    }

    private static byte[] LoadFont()
    {
        using var stream = typeof(ReceiptFontResolver).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font '{ResourceName}' is missing from the Business assembly.");
        using var bytes = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
