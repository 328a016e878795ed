namespace Parley.BrowserTests;

/// <summary>
/// A switch on one tab's connection to the hub: cut it (and make new attempts fail) as a network outage would,
/// or stall it as a dead network does (nothing closes, nothing gets through either way), then restore it. HTTP keeps working, so what gets tested is what the client does when the hub comes back.
/// Installed as an init script before the page loads; Playwright's WebSocket routing is not used because its .NET
/// client (1.62) throws when a routed socket's page goes away.
/// </summary>
public static class HubLink
{
    private const string Script = """
        (() => {
          const NativeWebSocket = window.WebSocket;
          const hubSockets = new Set();
          let down = false;
          let stalled = false;
          window.WebSocket = class extends NativeWebSocket {
            constructor(url, protocols) {
              const isHub = String(url).includes("/hubs/chat");
              // While down, dial a port nothing listens on: the attempt fails as it would with no network.
              super(isHub && down ? "ws://127.0.0.1:9/" : url, protocols);
              if (isHub) {
                hubSockets.add(this);
                this.addEventListener("close", () => hubSockets.delete(this));
              }
            }
            send(data) {
              if (!(stalled && hubSockets.has(this))) super.send(data);
            }
            // SignalR reads frames through onmessage: while stalled, none reach it.
            set onmessage(handler) {
              super.onmessage = handler && ((event) => {
                if (!(stalled && hubSockets.has(this))) handler.call(this, event);
              });
            }
            get onmessage() {
              return super.onmessage;
            }
          };
          window.__hubLink = {
            cut() {
              down = true;
              for (const socket of hubSockets) socket.close(4000, "Simulated outage");
            },
            stall() {
              down = true;
              stalled = true;
            },
            restore() {
              down = false;
              stalled = false;
            },
          };
        })();
        """;

    public static Task InstallAsync(IPage page) => page.AddInitScriptAsync(Script);

    public static Task CutAsync(IPage page) => page.EvaluateAsync("() => window.__hubLink.cut()");

    /// <summary>The network dies without a word: frames stop both ways but no socket closes, as when Wi-Fi drops.</summary>
    public static Task StallAsync(IPage page) => page.EvaluateAsync("() => window.__hubLink.stall()");

    public static Task RestoreAsync(IPage page) => page.EvaluateAsync("() => window.__hubLink.restore()");
}
