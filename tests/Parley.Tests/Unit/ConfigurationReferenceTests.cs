using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Parley.Tests.Unit;

/// <summary>
/// docs/configuration.md is generated from the options classes themselves: every class with a <c>Section</c> constant
/// (ParleyOptions and the few bound beside it), each setting's key, type, default (a new instance's value) and the
/// XML doc summary the build writes to Parley.Server.xml. A setting added, renamed or re-documented without
/// regenerating the page fails the build's tests.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string UpdateVariable = "PARLEY_UPDATE_DOCS";

    /// <summary>The configuration reference says what the code does: regenerate it (PARLEY_UPDATE_DOCS=1) when a setting changes.</summary>
    [Fact]
    public void ConfigurationReference_MatchesTheOptionsClasses()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "configuration.md");
        var generated = Generate();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, generated);
        }

        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(current == generated,
            $"docs/configuration.md is out of date with the options classes. Regenerate it: {UpdateVariable}=1 dotnet test tests/Parley.Tests --filter \"FullyQualifiedName~ConfigurationReferenceTests\"");
    }

    /// <summary>The generator sees what it claims to: nested sections, defaults and the XML summaries (so an empty page cannot pass).</summary>
    [Fact]
    public void ConfigurationReference_ListsNestedSettingsWithDefaultsAndSummaries()
    {
        var rows = Settings().ToList();

        var dataDirectory = rows.Single(r => r.Key == "Parley:DataDirectory");
        Assert.Equal(("string", "`data`"), (dataDirectory.Type, dataDirectory.Default));
        Assert.StartsWith("Folder for the SQLite database", dataDirectory.Summary, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Key == "Parley:Database:Provider" && r.Default == "`sqlite`");
        Assert.Contains(rows, r => r.Key.StartsWith("Parley:RateLimits:Messages:", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Key.StartsWith("Parley:Mail:", StringComparison.Ordinal) || r.Key.StartsWith("Mail:", StringComparison.Ordinal));
    }

    private sealed record Setting(string Key, string Type, string Default, string Summary);

    private static readonly Assembly Server = typeof(Program).Assembly;

    private static string Generate()
    {
        var text = new StringBuilder();
        text.Append("""
            # Configuration reference

            <!-- Generated from the options classes by tests/Parley.Tests/Unit/ConfigurationReferenceTests.cs; do not edit by hand.
                 Regenerate: PARLEY_UPDATE_DOCS=1 dotnet test tests/Parley.Tests --filter "FullyQualifiedName~ConfigurationReferenceTests" -->

            Every setting can be given in `appsettings.json` (next to the server binary), as an environment variable (the key
            with `__` for `:`, e.g. `Parley__Database__Provider=postgres`) or on the command line (`--Parley:Database:Provider=postgres`).
            Lists are numbered keys (`Parley:AllowedOrigins:0`, `Parley:AllowedOrigins:1`, …); durations are `hh:mm:ss`.

            Besides these, `ConnectionStrings:Parley` is the database connection string: required when
            `Parley:Database:Provider` is `postgres` (e.g. `Host=127.0.0.1;Database=parley;Username=parley;Password=…`), and
            optional for SQLite (default: `parley.db` in the data folder). ASP.NET Core's own settings apply too
            (`Urls`, `Logging:LogLevel:…`, `Kestrel:…`).

            | Setting | Type | Default | Meaning |
            | --- | --- | --- | --- |

            """.ReplaceLineEndings("\n"));
        foreach (var setting in Settings())
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{setting.Key}` | {setting.Type} | {setting.Default} | {setting.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return text.ToString();
    }

    /// <summary>Every options class the server binds to a section, ParleyOptions first, then by section name.</summary>
    private static IEnumerable<Setting> Settings()
    {
        var docs = XmlSummaries();
        var roots = Server.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null
                && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true, FieldType: var type } && type == typeof(string))
            .Select(t => (Type: t, Section: (string)t.GetField("Section")!.GetRawConstantValue()!))
            .OrderBy(r => r.Type != typeof(Parley.Infrastructure.ParleyOptions))
            .ThenBy(r => r.Section, StringComparer.Ordinal);
        return roots.SelectMany(root => Walk(root.Type, Activator.CreateInstance(root.Type)!, root.Section, docs));
    }

    private static IEnumerable<Setting> Walk(Type type, object instance, string prefix, IReadOnlyDictionary<string, string> docs)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            var summary = docs.GetValueOrDefault(MemberName(property), "");
            if (IsSection(property.PropertyType))
            {
                foreach (var nested in Walk(property.PropertyType, value ?? Activator.CreateInstance(property.PropertyType)!, key, docs))
                {
                    yield return nested with { Summary = nested.Summary.Length > 0 || summary.Length == 0 ? nested.Summary : summary };
                }
            }
            else
            {
                yield return new Setting(key, TypeName(property.PropertyType, property), Format(value), summary);
            }
        }
    }

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && type.Assembly == Server;

    private static string MemberName(PropertyInfo property) => $"P:{property.DeclaringType!.FullName!.Replace('+', '.')}.{property.Name}";

    private static string TypeName(Type type, PropertyInfo property)
    {
        var nullable = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return TypeName(inner, property) + " (optional)";
        }

        var name = type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(int) => "integer",
            _ when type == typeof(long) => "integer (64-bit)",
            _ when type == typeof(bool) => "true/false",
            _ when type == typeof(double) => "number",
            _ when type == typeof(TimeSpan) => "duration",
            { IsEnum: true } => string.Join(" \\| ", Enum.GetNames(type).Select(n => $"`{n}`")),
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(List<>) => $"list of {TypeName(type.GetGenericArguments()[0], property).Replace(" (optional)", "", StringComparison.Ordinal)}",
            _ => type.Name,
        };
        return nullable && !type.IsValueType ? name + " (optional)" : name;
    }

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "(empty)",
        string text => $"`{text}`",
        bool flag => flag ? "`true`" : "`false`",
        TimeSpan span => $"`{span.ToString("c", CultureInfo.InvariantCulture)}`",
        IEnumerable items => items.Cast<object>().Any() ? string.Join(", ", items.Cast<object>().Select(Format)) : "(empty list)",
        IFormattable number => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    /// <summary>Member name → summary text from the XML docs the build writes beside the server assembly (see/c tags become plain text).</summary>
    private static Dictionary<string, string> XmlSummaries()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Parley.Server.xml");
        Assert.True(File.Exists(file), $"{file} is missing: the server project must build its XML documentation (GenerateDocumentationFile).");
        return XDocument.Load(file).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Plain(m.Element("summary")!), StringComparer.Ordinal);
    }

    private static string Plain(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.DescendantNodes())
        {
            switch (node)
            {
                case XText piece when piece.Parent is { Name.LocalName: not ("see" or "paramref" or "typeparamref") }:
                    text.Append(piece.Value);
                    break;
                case XElement { Name.LocalName: "see" or "paramref" or "typeparamref" } reference:
                    var target = (string?)reference.Attribute("cref") ?? (string?)reference.Attribute("name") ?? (string?)reference.Attribute("langword") ?? "";
                    text.Append(reference.Value.Length > 0 ? reference.Value : target[(target.LastIndexOfAny([':', '.']) + 1)..]);
                    break;
                case XElement { Name.LocalName: "para" }:
                    text.Append(' ');
                    break;
            }
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Parley.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Parley.slnx) was not found above the test's folder.");
    }
}
