namespace Parley.Realtime;

/// <summary>The one place SignalR group names are made: one group per conversation.</summary>
public static class ConversationGroups
{
    public static string For(long conversationId) => $"c:{conversationId}";
}
