using System.Text.RegularExpressions;

namespace Parley.BrowserTests;

/// <summary>Voice messages with Chromium's fake microphone: recorded in one browser, played in another.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class VoiceMessageTests(BrowserFixture fixture)
{
    /// <summary>
    /// A voice message goes from one person's microphone to the other's ears: recorded with Chromium's fake capture
    /// device by clicking the microphone, previewed, sent; the other person, on a phone, sees a player with its
    /// duration and waveform, plays it (the audio really advances) and switches the speed to 1.5×.
    /// </summary>
    [Fact]
    public async Task VoiceMessage_RecordedAndSent_PlaysForTheOtherPersonAtTheChosenSpeed()
    {
        // Arrange
        await using var ann = await fixture.RegisterAsync("Ann");
        await ann.Page.Context.GrantPermissionsAsync(["microphone"]);
        await using var ben = await fixture.RegisterAsync("Ben", phone: true);
        using var annApi = await ann.ApiAsync(fixture.Server);
        using var benApi = await ben.ApiAsync(fixture.Server);
        var room = await annApi.CreateRoomAsync(name: $"Voice {Guid.NewGuid():N}"[..14]);
        await benApi.JoinAsync(room.Id);
        await ann.RoomLink(room.Name).ClickAsync();
        await ben.RoomLink(room.Name).TapAsync();
        await Expect(ben.Conversation(room.Name)).ToBeVisibleAsync();

        // Act: record about two seconds, look at the preview, send.
        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Record voice message" }).ClickAsync();
        var recorder = ann.Page.GetByRole(AriaRole.Group, new() { Name = "Voice message" });
        await Expect(recorder.GetByRole(AriaRole.Timer)).ToHaveTextAsync("0:02", new() { Timeout = RecordingTimeout });
        // The panel covers the composer: going back with the keyboard never lands on what lies under it.
        await Expect(recorder.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeFocusedAsync();
        var landedUnderThePanel = new List<string>();
        for (var step = 0; step < 4; step++)
        {
            await ann.Page.Keyboard.PressAsync("Shift+Tab");
            landedUnderThePanel.Add(await ann.Page.EvaluateAsync<string>(
                "() => { const f = document.activeElement; return f && f.closest('form.composer') && !f.closest('.voice-panel') && !f.classList.contains('composer-voice') ? f.outerHTML.slice(0, 80) : ''; }"));
        }

        Assert.All(landedUnderThePanel, Assert.Empty);
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(recorder.GetByTestId("voice-duration")).ToHaveTextAsync(TwoSeconds());
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Play voice message" }).ClickAsync();
        await Expect(recorder.GetByTestId("voice-elapsed")).ToBeVisibleAsync();
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(recorder).Not.ToBeVisibleAsync();

        // Assert: the other person's player, its duration (the server's, probed from the file) and waveform.
        var player = ben.Messages.Last.GetByTestId("voice-player");
        await Expect(player.GetByTestId("voice-duration")).ToHaveTextAsync(TwoSeconds());
        var bars = await player.Locator(".voice-bar").EvaluateAllAsync<double[]>("bars => bars.map(bar => parseFloat(bar.getAttribute('height')))");
        Assert.True(bars.Length >= 10, $"expected a waveform of many bars, got {bars.Length}");
        Assert.True(bars.Max() > bars.Min(), "expected the waveform to rise and fall with the recorded tone, got a flat line");

        // It plays: the audio's position moves on.
        var audio = await player.Locator("audio").ElementHandleAsync();
        await player.GetByRole(AriaRole.Button, new() { Name = "Play voice message" }).TapAsync();
        await ben.Page.WaitForFunctionAsync("audio => audio.currentTime > 0.3", audio);
        await Expect(player.GetByRole(AriaRole.Slider)).ToHaveAttributeAsync("aria-valuetext", PositionOfTwoSeconds());

        // And at the speed chosen.
        await player.GetByRole(AriaRole.Button, new() { Name = "Playback speed 1×" }).TapAsync();
        await Expect(player.GetByRole(AriaRole.Button, new() { Name = "Playback speed 1.5×" })).ToBeVisibleAsync();
        await ben.Page.WaitForFunctionAsync("audio => audio.playbackRate === 1.5", audio);
    }

    /// <summary>
    /// Press and hold records until the button is let go, then shows the preview; sliding away while holding throws
    /// the recording away. Either way the microphone is released (every track it gave has ended), so the browser's
    /// recording indicator goes off.
    /// </summary>
    [Fact]
    public async Task VoiceRecorder_PressAndHold_RecordsUntilLetGo_AndSlidingAwayCancels_ReleasingTheMicrophone()
    {
        // Arrange
        await using var ann = await fixture.RegisterAsync("Ann", prepare: page => page.AddInitScriptAsync(KeepMicrophoneStreams));
        using var annApi = await ann.ApiAsync(fixture.Server);
        var room = await annApi.CreateRoomAsync(name: $"Hold {Guid.NewGuid():N}"[..13]);
        await ann.RoomLink(room.Name).ClickAsync();
        var box = await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Record voice message" }).BoundingBoxAsync();
        var (x, y) = (box!.X + (box.Width / 2), box.Y + (box.Height / 2));
        var recorder = ann.Page.GetByRole(AriaRole.Group, new() { Name = "Voice message" });

        // Act: hold for a second, let go.
        await ann.Page.Mouse.MoveAsync(x, y);
        await ann.Page.Mouse.DownAsync();
        await Expect(recorder).ToContainTextAsync("Release to stop, slide away to cancel");
        await Expect(recorder.GetByRole(AriaRole.Timer)).ToHaveTextAsync("0:01", new() { Timeout = RecordingTimeout });
        await ann.Page.Mouse.UpAsync();

        // Assert: a preview of about a second, the microphone already off.
        await Expect(recorder.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
        await Expect(recorder.GetByTestId("voice-duration")).ToHaveTextAsync("0:01");
        await ann.Page.WaitForFunctionAsync(AllMicrophonesOff, 1);
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Expect(recorder).Not.ToBeVisibleAsync();

        // Act: hold again, slide away.
        await ann.Page.Mouse.MoveAsync(x, y);
        await ann.Page.Mouse.DownAsync();
        await Expect(recorder.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
        await ann.Page.Mouse.MoveAsync(x - 200, y - 200, new() { Steps = 4 });

        // Assert: nothing to preview or send, and the microphone is off.
        await Expect(recorder).Not.ToBeVisibleAsync();
        await ann.Page.Mouse.UpAsync();
        await Expect(recorder).Not.ToBeVisibleAsync();
        await ann.Page.WaitForFunctionAsync(AllMicrophonesOff, 2);
    }

    /// <summary>
    /// A browser that refuses the microphone (the person said no, or the site setting blocks it) gets a sentence that
    /// says so and what to do, not a recorder that never starts.
    /// </summary>
    [Fact]
    public async Task VoiceRecorder_MicrophoneRefused_SaysHowToAllowIt()
    {
        // Arrange
        await using var ann = await fixture.RegisterAsync("Ann", prepare: page => page.AddInitScriptAsync(RefuseMicrophone));
        using var annApi = await ann.ApiAsync(fixture.Server);
        var room = await annApi.CreateRoomAsync(name: $"Mute {Guid.NewGuid():N}"[..13]);
        await ann.RoomLink(room.Name).ClickAsync();

        // Act
        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Record voice message" }).ClickAsync();

        // Assert
        var problem = ann.Conversation(room.Name).GetByRole(AriaRole.Alert);
        await Expect(problem).ToContainTextAsync("Parley may not use your microphone. Allow it in your browser's site settings");
        await Expect(ann.Page.GetByRole(AriaRole.Group, new() { Name = "Voice message" })).Not.ToBeVisibleAsync();
        await problem.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(problem).Not.ToBeVisibleAsync();
    }

    /// <summary>The browser's answer when the microphone is blocked.</summary>
    private const string RefuseMicrophone =
        "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));";

    /// <summary>Opening the microphone and recording for real takes seconds, beyond an assertion's usual wait.</summary>
    private const float RecordingTimeout = 15_000;

    /// <summary>Keeps every stream the page gets from the microphone, to check later that each was released.</summary>
    private const string KeepMicrophoneStreams = """
        window.__microphones = [];
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          const stream = await open(constraints);
          window.__microphones.push(stream);
          return stream;
        };
        """;

    /// <summary>True once the page has opened the microphone <c>count</c> times and every track from it has ended.</summary>
    private const string AllMicrophonesOff =
        "count => window.__microphones.length === count && window.__microphones.every(s => s.getTracks().every(t => t.readyState === 'ended'))";

    /// <summary>About two seconds as the player shows it: recording stops a moment after the timer reads 0:02.</summary>
    [GeneratedRegex("^0:0[23]$")]
    private static partial Regex TwoSeconds();

    [GeneratedRegex(@"^0:0\d of 0:0[23]$")]
    private static partial Regex PositionOfTwoSeconds();
}
