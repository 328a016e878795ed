using System.Collections;
using System.Reflection;

namespace Parley.Tests.Unit;

/// <summary>Events between nodes travel as JSON (Events/ChatEventJson.cs): each must arrive as it was sent.</summary>
public sealed class ChatEventJsonTests
{
    public static TheoryData<string> EventNames() => [.. ChatEventJson.EventTypes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every event type declared anywhere in the server, present and future, comes out of the bus's JSON equal, field
    /// by field, to what went in, every field filled: a new event (or a new field, or one clients do not see, like a
    /// user's picture version) that the bus would drop or garble fails here instead of on another node.
    /// </summary>
    [Theory]
    [MemberData(nameof(EventNames))]
    public void EveryEvent_SerializedForTheBus_ReadsBackEqual(string name)
    {
        var sent = (ChatEvent)Sample(ChatEventJson.EventTypes[name], depth: 0);

        var json = ChatEventJson.Serialize(sent);
        var received = ChatEventJson.Deserialize(json);

        Assert.IsType(sent.GetType(), received);
        AssertSame(sent, received, name);
    }

    /// <summary>The discovery the bus relies on finds events declared above the Events layer too (the admin console's).</summary>
    [Fact]
    public void EventTypes_IncludeEventsOfHigherLayers()
    {
        Assert.Contains(nameof(Parley.Administration.ServerSettingsChanged), ChatEventJson.EventTypes.Keys);
        Assert.Contains(nameof(MessageCreated), ChatEventJson.EventTypes.Keys);
    }

    private static int _next = 1;

    // Distinct, non-default values everywhere, so that a field lost on the way cannot pass as its default.
    private static object Sample(Type type, int depth)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return Sample(nullable, depth);
        }

        var n = Interlocked.Increment(ref _next);
        var simple = type switch
        {
            _ when type == typeof(long) => (long)n,
            _ when type == typeof(int) => n,
            _ when type == typeof(bool) => true,
            _ when type == typeof(string) => $"text {n}",
            _ when type == typeof(Guid) => Guid.NewGuid(),
            _ when type == typeof(DateTime) => new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddSeconds(n),
            _ => (object?)null,
        };
        if (simple is not null)
        {
            return simple;
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1)!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            if (depth < 4)
            {
                list.Add(Sample(element, depth + 1));
            }

            return list;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1))]);
    }

    private static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} became {actual ?? "null"}");
            return;
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or DateTime or Guid or decimal)
        {
            Assert.True(Equals(expected, actual), $"{path}: {expected} became {actual}");
            if (expected is DateTime sentAt)
            {
                Assert.Equal(sentAt.Kind, ((DateTime)actual).Kind);
            }

            return;
        }

        if (expected is IEnumerable sequence)
        {
            var left = sequence.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: {left.Count} items became {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                AssertSame(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }
}
