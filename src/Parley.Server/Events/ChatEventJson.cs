using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Parley.Events;

/// <summary>
/// How events travel between nodes: JSON with the event's type name as discriminator ("$type": "MessageCreated").
/// Every concrete <see cref="ChatEvent"/> in this assembly is known, wherever it is declared (a feature above this
/// layer may declare its own, like ServerSettingsChanged), so a new event needs no registration here; a unit test
/// round-trips each one. Only nodes of one version share a bus: names are not a stored format.
/// </summary>
public static class ChatEventJson
{
    public const string Discriminator = "$type";

    /// <summary>Every concrete event type, by the name it travels under.</summary>
    public static IReadOnlyDictionary<string, Type> EventTypes { get; } = typeof(ChatEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ChatEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static byte[] Serialize(ChatEvent chatEvent) => JsonSerializer.SerializeToUtf8Bytes(chatEvent, Options);

    public static ChatEvent Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ChatEvent>(json, Options) ?? throw new JsonException("An event was null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type == typeof(ChatEvent))
            {
                info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = Discriminator };
                foreach (var (name, type) in EventTypes)
                {
                    info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
                }
            }
        });

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = resolver,
            // Events are read by the same version that wrote them: an unknown field is a bug to hear of, not to skip.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Converters = { new UserSummaryConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Clients see a user's picture as its URL; nodes need the version it is made from (the JSON clients see leaves
    /// it out, and the URL is computed from it), so between nodes a user travels with the version.
    /// </summary>
    private sealed class UserSummaryConverter : JsonConverter<UserSummary>
    {
        public override UserSummary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Wire>(ref reader, options) is { } wire
                ? new UserSummary(wire.Id, wire.Username, wire.DisplayName, wire.AvatarVersion)
                : throw new JsonException("A user was null.");

        public override void Write(Utf8JsonWriter writer, UserSummary value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Wire(value.Id, value.Username, value.DisplayName, value.AvatarVersion), options);

        private sealed record Wire(long Id, string Username, string DisplayName, int AvatarVersion);
    }
}
