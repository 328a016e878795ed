using System.Reflection;
using System.Reflection.Emit;
using Parley.Access;

namespace Parley.Tests.Unit;

/// <summary>
/// The server's layers, read from the compiled code itself: signatures, attributes and every method body's IL, so a
/// reference made anywhere (a lambda, an async method, a fully qualified name) counts.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// Bottom to top. A namespace may use its own types and those of lower layers only; namespaces that share a layer
    /// do not use each other. Sub-namespaces belong to their parent's entry (Parley.Infrastructure.Data is Infrastructure).
    /// </summary>
    private static readonly string[][] Layers =
    [
        ["Parley.Infrastructure"],
        ["Parley.Media"],
        ["Parley.Events"],
        ["Parley.Access"],
        ["Parley.Audit"],
        ["Parley.Accounts"],
        ["Parley.Files", "Parley.Gifs"],
        ["Parley.Messages"],
        ["Parley.Conversations", "Parley.Rooms", "Parley.Search"],
        ["Parley.DirectMessages"],
        ["Parley.AccountDeletion", "Parley.Administration", "Parley.Moderation"],
        ["Parley.Realtime"],
        ["Parley"],
    ];

    private static readonly Assembly Server = typeof(Program).Assembly;

    /// <summary>Infrastructure must not know the features, features must not know the hub, and no two features use each other both ways.</summary>
    [Fact]
    public void NoLayer_NamesALayerAboveIt_OrANamespaceBesideIt()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (user, used) in References())
        {
            var from = Place(user);
            var to = Place(used);
            if (from is null || to is null || from.Value.Entry == to.Value.Entry)
            {
                continue;
            }

            if (to.Value.Layer >= from.Value.Layer)
            {
                violations.Add($"{from.Value.Entry} → {to.Value.Entry}: {Name(user)} uses {Name(used)}");
            }
        }

        Assert.True(violations.Count == 0, "Layer violations:\n" + string.Join("\n", violations));
    }

    /// <summary>
    /// The same rule over the source, for what leaves no trace in compiled code: a constant is copied into the code that
    /// uses it. Reads using directives and qualified names (Parley.Rooms.RoomRules, or Rooms.RoomRules inside Parley).
    /// </summary>
    [Fact]
    public void NoSourceFile_NamesALayerAboveIt_OrANamespaceBesideIt()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Parley.Server");
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            // Without comments and string literals: an entity's old name in a migration's snapshot is text, not a reference.
            var code = System.Text.RegularExpressions.Regex.Replace(string.Join('\n', File.ReadLines(file).Select(line => line.Split("//")[0])), @"""(?:[^""\\\n]|\\.)*""", "\"\"");
            var declared = System.Text.RegularExpressions.Regex.Match(code, @"^namespace\s+([\w.]+)", System.Text.RegularExpressions.RegexOptions.Multiline);
            if (!declared.Success || PlaceOf(declared.Groups[1].Value) is not { } from)
            {
                continue;
            }

            var named = System.Text.RegularExpressions.Regex.Matches(code, @"^using\s+(Parley(?:\.\w+)*)\s*;", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value)
                .Concat(System.Text.RegularExpressions.Regex.Matches(code, @"\b(Parley(?:\.[a-z_A-Z]\w*)+)\.[A-Z]\w*").Select(m => m.Groups[1].Value))
                .Concat(System.Text.RegularExpressions.Regex.Matches(code, @"(?<![.\w])([A-Z]\w*)\.([A-Z]\w*)").Where(m => Server.GetType($"Parley.{m.Groups[1].Value}.{m.Groups[2].Value}") is not null).Select(m => $"Parley.{m.Groups[1].Value}"));
            foreach (var ns in named.Distinct())
            {
                if (PlaceOf(ns) is { } to && to.Entry != from.Entry && to.Layer >= from.Layer)
                {
                    violations.Add($"{from.Entry} → {to.Entry}: {Path.GetRelativePath(root, file)} names {ns}");
                }
            }
        }

        Assert.True(violations.Count == 0, "Layer violations:\n" + string.Join("\n", violations));
    }

    /// <summary>
    /// Events are typed records from the action that publishes them to the client contract that delivers them: no
    /// method on the way (the bus, its events, delivery, the connection registry, the hub) takes an untyped payload.
    /// </summary>
    [Fact]
    public void EventsAndDelivery_TakeTypedPayloadsOnly()
    {
        var untyped = Server.GetTypes()
            .Where(t => t.Namespace is "Parley.Events" or "Parley.Realtime" && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == t && !m.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
                .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(object) || p.ParameterType == typeof(object[])))
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();

        Assert.Empty(untyped);
        Assert.True(typeof(Realtime.IChatClient).GetMethods().All(m => m.GetParameters() is [{ ParameterType: var payload }] && payload != typeof(object) && !payload.IsPrimitive),
            "Every client event takes one record.");
    }

    /// <summary>Grants are proof of a check only if nothing but the access helper can make one.</summary>
    [Fact]
    public void OnlyTheAccessHelper_IssuesGrants()
    {
        Type[] proofs = [typeof(ConversationGrant), typeof(RoomView), typeof(RoomInvitation), typeof(ReportGrant)];
        var issuers = References(constructorsOnly: true)
            .Where(r => proofs.Contains(r.Used))
            .Select(r => Outermost(r.User))
            .Distinct()
            .ToList();

        Assert.Equal([typeof(ConversationAccess)], issuers);
    }

    /// <summary>The test itself sees what it claims to: it finds references made only inside method bodies.</summary>
    [Fact]
    public void TheScan_FindsReferencesInsideMethodBodies()
    {
        var references = References().ToList();

        // Program.Build calls AddAccess (in its body only) and ChatHub's SendMessage calls MessageActions through a lambda.
        Assert.Contains(references, r => r.User == typeof(Program) && r.Used == typeof(AccessSetup));
        Assert.Contains(references, r => Outermost(r.User) == typeof(Realtime.ChatHub) && r.Used == typeof(Messages.MessageActions));
    }

    private static (int Layer, string Entry)? Place(Type type) => Outermost(type).Namespace is { } ns ? PlaceOf(ns) : null;

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

    private static (int Layer, string Entry)? PlaceOf(string ns)
    {
        if (!(ns == "Parley" || ns.StartsWith("Parley.", StringComparison.Ordinal)))
        {
            return null;
        }

        (int, string)? best = null;
        for (var layer = 0; layer < Layers.Length; layer++)
        {
            foreach (var entry in Layers[layer])
            {
                if ((ns == entry || ns.StartsWith(entry + ".", StringComparison.Ordinal)) && (best is null || entry.Length > best.Value.Item2.Length))
                {
                    best = (layer, entry);
                }
            }
        }

        return best ?? throw new InvalidOperationException($"Namespace {ns} is in no layer: add it to {nameof(Layers)}.");
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static string Name(Type type) => Outermost(type).FullName ?? type.Name;

    /// <summary>(type that refers, type referred to), for every reference in the server assembly to a type of the server assembly.</summary>
    private static HashSet<(Type User, Type Used)> References(bool constructorsOnly = false)
    {
        var found = new HashSet<(Type User, Type Used)>();
        foreach (var type in Server.GetTypes())
        {
            var used = new HashSet<Type>();
            if (!constructorsOnly)
            {
                AddSignatureTypes(type, used);
            }

            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                AddBodyTypes(type, method, used, constructorsOnly);
            }

            foreach (var target in used.Where(u => u.Assembly == Server && u != type))
            {
                found.Add((type, target));
            }
        }

        return found;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static void AddSignatureTypes(Type type, HashSet<Type> used)
    {
        AddType(type.BaseType, used);
        foreach (var contract in type.GetInterfaces())
        {
            AddType(contract, used);
        }

        foreach (var attribute in type.GetCustomAttributesData())
        {
            AddType(attribute.AttributeType, used);
        }

        foreach (var field in type.GetFields(All))
        {
            AddType(field.FieldType, used);
        }

        foreach (var property in type.GetProperties(All))
        {
            AddType(property.PropertyType, used);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                AddType(info.ReturnType, used);
            }

            foreach (var parameter in method.GetParameters())
            {
                AddType(parameter.ParameterType, used);
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static void AddBodyTypes(Type type, MethodBase method, HashSet<Type> used, bool constructorsOnly)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        var typeArguments = type.IsGenericTypeDefinition ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethodDefinition: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var opCode = OpCodesByValue[value];
            at += opCode.Size;
            switch (opCode.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var member = Resolve(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    if (constructorsOnly)
                    {
                        // The type being constructed itself, not its generic arguments (a Func<ConversationGrant, …> makes no grant).
                        if (member is ConstructorInfo { DeclaringType: { } constructed })
                        {
                            used.Add(constructed);
                        }
                    }
                    else
                    {
                        AddMember(member, used);
                    }

                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null; // a token of a signature that needs a generic context this scan does not have
        }
    }

    private static void AddMember(MemberInfo? member, HashSet<Type> used)
    {
        switch (member)
        {
            case Type type:
                AddType(type, used);
                break;
            case MethodBase method:
                AddType(method.DeclaringType, used);
                foreach (var argument in method.IsGenericMethod ? method.GetGenericArguments() : [])
                {
                    AddType(argument, used);
                }

                if (method is MethodInfo info)
                {
                    AddType(info.ReturnType, used);
                }

                foreach (var parameter in method.GetParameters())
                {
                    AddType(parameter.ParameterType, used);
                }

                break;
            case FieldInfo field:
                AddType(field.DeclaringType, used);
                AddType(field.FieldType, used);
                break;
        }
    }

    private static void AddType(Type? type, HashSet<Type> used)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            AddType(type.GetElementType(), used);
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            AddType(type.GetGenericTypeDefinition(), used);
            foreach (var argument in type.GetGenericArguments())
            {
                AddType(argument, used);
            }

            return;
        }

        used.Add(type);
    }
}
