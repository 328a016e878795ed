using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Testing;

/// <summary>The wire format: camelCase names, enums as camelCase strings — what any client sees.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static T Read<T>(JsonElement element) => element.Deserialize<T>(Options)!;
}
