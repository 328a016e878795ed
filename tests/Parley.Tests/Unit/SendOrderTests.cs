using Parley.Messages;

namespace Parley.Tests.Unit;

public sealed class SendOrderTests
{
    [Fact]
    public async Task ASend_WaitsForTheOneBeforeIt_EvenWhenItsOwnChecksFinishFirst()
    {
        var order = new SendOrder();
        var queued = new List<int>();
        var firstChecksDone = new TaskCompletionSource();

        async Task Send(int n, SendTurn turn, Task checks)
        {
            using (turn)
            {
                await checks;
                await turn.Previous;
                queued.Add(n);
                turn.Release();
            }
        }

        // Taken in arrival order; the second send's checks are done at once, the first's only later. An async method
        // runs until its first unfinished await before the call returns: the second now stands at its turn.
        var first = Send(1, order.Next(), firstChecksDone.Task);
        var secondTurn = order.Next();
        var second = Send(2, secondTurn, Task.CompletedTask);
        Assert.False(secondTurn.Previous.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Empty(queued);

        firstChecksDone.SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal([1, 2], queued);
    }

    [Fact]
    public async Task ARefusedSend_ReleasesItsTurn_SoTheNextOneGoesOn()
    {
        var order = new SendOrder();
        var refused = order.Next();
        var next = order.Next();

        refused.Dispose(); // refused before it was queued: validation, membership, a block

        await next.Previous.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.Previous.IsCompletedSuccessfully);
    }

    [Fact]
    public void TheFirstSend_DoesNotWait()
    {
        var turn = new SendOrder().Next();

        Assert.True(turn.Previous.IsCompletedSuccessfully);
    }
}
